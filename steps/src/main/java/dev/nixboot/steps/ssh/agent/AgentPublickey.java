package dev.nixboot.steps.ssh.agent;

import java.io.IOException;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * The "publickey" method (RFC 4252 section 7) with a key held by the SSH agent: first asks the server whether it
 * would accept the key, and only then has the agent sign, so keys the server does not know are never used.
 */
public final class AgentPublickey extends AbstractAuthMethod {
    private final AgentClient agent;
    private final AgentClient.Identity identity;
    private final String algorithm;
    private final int flags;

    public AgentPublickey(AgentClient agent, AgentClient.Identity identity) {
        super("publickey");
        this.agent = agent;
        this.identity = identity;
        String type = identity.type();
        // OpenSSH servers refuse SHA-1 RSA signatures; ask the agent for SHA-512 ones.
        this.algorithm = "ssh-rsa".equals(type) ? "rsa-sha2-512" : type;
        this.flags = "ssh-rsa".equals(type) ? AgentClient.RSA_SHA2_512 : 0;
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        return super.buildReq().putBoolean(false).putString(algorithm).putString(identity.blob());
    }

    @Override
    public void handle(Message message, SSHPacket packet) throws UserAuthException, TransportException {
        if (message != Message.USERAUTH_60) {
            super.handle(message, packet);
            return;
        }
        SSHPacket request =
                super.buildReq().putBoolean(true).putString(algorithm).putString(identity.blob());
        byte[] signed = new Buffer.PlainBuffer()
                .putString(params.getTransport().getSessionID())
                .putBuffer(request)
                .getCompactData();
        try {
            request.putString(agent.sign(identity.blob(), signed, flags));
        } catch (IOException e) {
            throw new UserAuthException("the SSH agent could not sign with " + identity.comment(), e);
        }
        params.getTransport().write(request);
    }

    @Override
    public String toString() {
        return "agent key " + identity.comment();
    }
}
