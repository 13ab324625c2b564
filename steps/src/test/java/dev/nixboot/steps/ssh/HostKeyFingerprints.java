package dev.nixboot.steps.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fingerprints computed by the real {@code ssh-keygen}, to check ours against. */
final class HostKeyFingerprints {
    private HostKeyFingerprints() {}

    static String of(String publicKeyLine) {
        try {
            Path file = Files.createTempFile("nixboot-key", ".pub");
            try {
                Files.writeString(file, publicKeyLine + "\n");
                Process p = new ProcessBuilder("ssh-keygen", "-l", "-E", "sha256", "-f", file.toString())
                        .redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("ssh-keygen -l failed: " + out);
                }
                return out.split(" ")[1];
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
