package dev.nixboot.steps.ssh;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import dev.nixboot.steps.ssh.knownhosts.HostKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code ssh.keygen}: makes an ed25519 key pair, such as the host key a target will be installed with, so its
 * fingerprint (and the age key derived from it) is known before the target runs. Re-running keeps the existing key
 * unless told to overwrite, so a playbook can be run again without changing a host's identity.
 */
public final class SshKeygenStep implements Step<SshKeygenParameters, SshKeygenOutputs> {

    @Override
    public String type() {
        return "ssh.keygen";
    }

    @Override
    public String summary() {
        return "Create an ed25519 SSH key pair in OpenSSH format";
    }

    @Override
    public Class<SshKeygenParameters> parameters() {
        return SshKeygenParameters.class;
    }

    @Override
    public Class<SshKeygenOutputs> outputs() {
        return SshKeygenOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: host_key
                  type: ssh.keygen
                  with:
                    file: hosts/gusto/ssh_host_ed25519_key
                    comment: root@gusto
                """;
    }

    @Override
    public StepPlan plan(SshKeygenParameters parameters, PlanContext context) {
        Path path = context.localPath(parameters.file());
        return StepPlan.of((parameters.overwrite() ? "create (replacing any) " : "create unless present ")
                + "ed25519 key " + path + " (0600) and " + path + ".pub (0644)");
    }

    @Override
    public SshKeygenOutputs execute(SshKeygenParameters parameters, StepContext context) throws Exception {
        Path path = context.localPath(parameters.file());
        Path publicPath = path.resolveSibling(path.getFileName() + ".pub");
        if (Files.exists(path) && !parameters.overwrite()) {
            if (!Files.exists(publicPath)) {
                throw new StepFailure(path + " exists but " + publicPath + " does not; recreate it with"
                        + " ssh-keygen -y -f " + path + " > " + publicPath + ", or set overwrite: true");
            }
            HostKey existing;
            try {
                existing = HostKey.parse(Files.readString(publicPath));
            } catch (IllegalArgumentException e) {
                throw new StepFailure(publicPath + ": " + e.getMessage());
            }
            context.console().info("keeping existing key " + path + " (" + existing.fingerprint() + ")");
            return new SshKeygenOutputs(existing.line(), existing.fingerprint(), path.toString(), false);
        }
        OpenSshKeyPair pair = OpenSshKeyPair.generate();
        try {
            Path directory = path.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            write(path, pair.privatePem(parameters.comment()), "rw-------");
            write(publicPath, pair.publicLine(parameters.comment()), "rw-r--r--");
        } catch (IOException e) {
            throw new StepFailure("cannot write " + path + ": " + e.getMessage(), e);
        }
        HostKey key = pair.publicKey();
        context.console().info("created " + path + " (" + key.fingerprint() + ")");
        return new SshKeygenOutputs(key.line(), key.fingerprint(), path.toString(), true);
    }

    /** Writes through a temporary file created with the final mode, so the key is never readable by others. */
    private static void write(Path file, String content, String mode) throws IOException {
        Path temporary = Files.createTempFile(
                file.toAbsolutePath().getParent(),
                ".nixboot-key",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, content);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(mode));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
