package dev.nixboot.steps.ssh.client;

import dev.nixboot.engine.spi.StepFailure;
import java.nio.file.Path;
import java.util.Map;

/** Which {@link ClientConfig} a run uses: the installed OpenSSH's answer when there is an {@code ssh}. */
final class ClientConfigs {
    private ClientConfigs() {}

    static ClientConfig forRun(Path home, Map<String, String> environment) throws StepFailure {
        Path ssh = OpenSshConfig.find(environment);
        if (ssh != null) {
            return OpenSshConfig.forHome(ssh, home, environment);
        }
        return SshConfigFile.forHome(home, environment);
    }
}
