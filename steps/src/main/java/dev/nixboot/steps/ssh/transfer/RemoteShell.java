package dev.nixboot.steps.ssh.transfer;

import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.steps.ssh.client.SshConnection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.connection.channel.direct.Session;

/** Small helper commands the transfer steps run on the host (chown, tar), failing with their error output. */
final class RemoteShell {
    private RemoteShell() {}

    static String quote(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    /** Runs a command with no input; returns its output, or fails with its error output. */
    static String run(SshConnection connection, String command) throws StepFailure, IOException {
        try (Session session = connection.session()) {
            Session.Command running = session.exec(command);
            running.getOutputStream().close();
            String out = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = readAll(running.getErrorStream());
            running.join(60, TimeUnit.SECONDS);
            Integer exit = running.getExitStatus();
            if (exit == null || exit != 0) {
                throw new StepFailure("'" + command + "' failed on the host (exit " + exit + "): " + err.strip());
            }
            return out;
        }
    }

    static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
