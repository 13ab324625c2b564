package dev.nixboot.steps.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real signing keys for the signing tests, made with the real tools: ssh-keygen and an ssh-agent of the test's own;
 * GnuPG homes of the test's own with an OpenPGP key (gpg) or a self-signed X.509 certificate (gpgsm). Nothing of the
 * machine's own keys, agents or ~/.gnupg is used.
 */
final class SigningKeys {
    private SigningKeys() {}

    /** A new ed25519 key without passphrase; returns the private key's path (the public one is beside it). */
    static Path sshKey(Path directory, String name) throws IOException, InterruptedException {
        Path key = directory.resolve(name);
        run(directory, Map.of(), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString());
        return key;
    }

    static String publicKey(Path privateKey) throws IOException {
        return Files.readString(privateKey.resolveSibling(privateKey.getFileName() + ".pub"))
                .strip();
    }

    /** An ssh-agent on a socket of the test's own. */
    static final class SshAgent implements AutoCloseable {
        private final Process process;
        final Path socket;

        SshAgent(Path directory) throws IOException, InterruptedException {
            socket = directory.resolve("agent.sock");
            process = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(socket)) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("ssh-agent did not start");
                }
                Thread.sleep(20);
            }
        }

        void add(Path privateKey) throws IOException, InterruptedException {
            run(
                    privateKey.getParent(),
                    Map.of("SSH_AUTH_SOCK", socket.toString()),
                    "ssh-add",
                    "-q",
                    privateKey.toString());
        }

        @Override
        public void close() {
            process.destroy();
            process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    /** A GnuPG home of the test's own with one signing key; its agent is stopped on close. */
    static final class GnupgHome implements AutoCloseable {
        final Path home;
        String fingerprint;

        private GnupgHome(Path home) throws IOException {
            this.home = Files.createDirectories(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            // The key is made without a passphrase; loopback lets gpg and gpgsm take that empty one without a
            // pinentry, which cannot run without a terminal.
            Files.writeString(home.resolve("gpg-agent.conf"), "allow-loopback-pinentry\n");
        }

        /** An OpenPGP ed25519 signing key for the user id, as `gpg --quick-gen-key` makes it. */
        static GnupgHome openpgp(Path home, String userId) throws IOException, InterruptedException {
            GnupgHome gnupg = new GnupgHome(home);
            gnupg.gpg(
                    "gpg",
                    "--batch",
                    "--pinentry-mode",
                    "loopback",
                    "--passphrase",
                    "",
                    "--quick-gen-key",
                    userId,
                    "ed25519",
                    "sign",
                    "never");
            gnupg.fingerprint = gnupg.gpg("gpg", "--with-colons", "--list-secret-keys")
                    .lines()
                    .filter(line -> line.startsWith("fpr:"))
                    .findFirst()
                    .orElseThrow()
                    .split(":")[9];
            return gnupg;
        }

        /**
         * A self-signed X.509 signing certificate for the email, trusted as a root ("relax": no CRL to check), as
         * gpgsm's --gen-key makes it with "Serial: random".
         */
        static GnupgHome x509(Path home, String email) throws IOException, InterruptedException {
            GnupgHome gnupg = new GnupgHome(home);
            Files.writeString(home.resolve("gpgsm.conf"), "disable-crl-checks\n");
            String parameters = "Key-Type: RSA\nKey-Length: 2048\nKey-Usage: sign\nSerial: random\n"
                    + "Name-DN: CN=Fixture Person\nName-Email: " + email + "\n";
            Path request = Files.writeString(home.resolve("request"), parameters);
            Path certificate = home.resolve("certificate.pem");
            gnupg.gpg(
                    "sh",
                    "-c",
                    "printf '\\n' | gpgsm --batch --pinentry-mode loopback --passphrase-fd 0" + " --gen-key -a "
                            + request + " > " + certificate);
            gnupg.gpg("gpgsm", "--batch", "--import", certificate.toString());
            gnupg.fingerprint = gnupg.gpg("gpgsm", "--with-colons", "--list-secret-keys")
                    .lines()
                    .filter(line -> line.startsWith("fpr:"))
                    .findFirst()
                    .orElseThrow()
                    .split(":")[9];
            Files.writeString(home.resolve("trustlist.txt"), gnupg.fingerprint + " S relax\n");
            return gnupg;
        }

        Map<String, String> environment() {
            return Map.of("GNUPGHOME", home.toString());
        }

        private String gpg(String... command) throws IOException, InterruptedException {
            return run(home, environment(), command);
        }

        /** Stops the agent the tools started for this home. */
        @Override
        public void close() throws IOException {
            try {
                run(home, environment(), "gpgconf", "--kill", "all");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping gpg-agent", e);
            }
        }
    }

    private static String run(Path directory, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        // One stream: the tools' messages go to stderr, what the tests read are lines of their own kind (fpr:).
        ProcessBuilder builder = new ProcessBuilder(List.of(command))
                .directory(directory.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
