package dev.nixboot.steps.git.ssh;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthPublickey;

/** SSHJ's public-key authentication with the signature made by the SSH agent instead of a private key in memory. */
final class AgentAuthMethod extends AuthPublickey {
    private static final int RSA_SHA2_256 = 2;
    private static final int RSA_SHA2_512 = 4;

    private final SshAgent agent;
    private final SshAgent.Identity identity;

    AgentAuthMethod(SshAgent agent, SshAgent.Identity identity) {
        super(new KeyProvider() {
            @Override
            public PrivateKey getPrivate() throws IOException {
                throw new IOException("the private key stays in the SSH agent");
            }

            @Override
            public PublicKey getPublic() {
                return identity.key();
            }

            @Override
            public KeyType getType() {
                return KeyType.fromKey(identity.key());
            }
        });
        this.agent = agent;
        this.identity = identity;
    }

    @Override
    protected SSHPacket putSig(SSHPacket request) throws UserAuthException {
        byte[] signed = new Buffer.PlainBuffer()
                .putString(params.getTransport().getSessionID())
                .putBuffer(request)
                .getCompactData();
        try {
            byte[] signature = agent.sign(identity.blob(), signed, flags(algorithm(request)));
            request.putBytes(signature);
            return request;
        } catch (IOException e) {
            throw new UserAuthException("the SSH agent did not sign with " + identity.comment() + ": " + e.getMessage(), e);
        }
    }

    /** The algorithm the request names (SSHJ may pick rsa-sha2-512 for an RSA key): the agent must sign with it. */
    private static String algorithm(SSHPacket request) throws UserAuthException {
        Buffer.PlainBuffer copy = new Buffer.PlainBuffer(request.getCompactData());
        try {
            copy.readByte(); // message number
            copy.readString(); // user
            copy.readString(); // service
            copy.readString(); // "publickey"
            copy.readBoolean(); // has signature
            return copy.readString();
        } catch (Buffer.BufferException e) {
            throw new UserAuthException("could not read the authentication request", e);
        }
    }

    private static int flags(String algorithm) {
        return switch (algorithm) {
            case "rsa-sha2-256" -> RSA_SHA2_256;
            case "rsa-sha2-512" -> RSA_SHA2_512;
            default -> 0;
        };
    }
}
