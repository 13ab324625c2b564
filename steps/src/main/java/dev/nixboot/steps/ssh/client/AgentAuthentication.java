package dev.nixboot.steps.ssh.client;

import java.util.List;
import java.util.Map;
import net.schmizz.sshj.userauth.method.AuthMethod;

/** Authentication with the keys of the user's SSH agent ({@code SSH_AUTH_SOCK}). */
final class AgentAuthentication {
    private AgentAuthentication() {}

    static List<AuthMethod> methods(Map<String, String> environment, List<String> tried) {
        return List.of();
    }
}
