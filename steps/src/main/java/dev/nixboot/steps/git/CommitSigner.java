package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.DurationText;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.steps.local.LocalProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.errors.CanceledException;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * Signs a commit the way git does: it runs the program git would run with the arguments git passes ({@code gpg
 * --status-fd=2 -bsau KEY}, {@code gpgsm} the same, or {@code ssh-keygen -Y sign -n git -f KEY [-U] FILE}; git/git
 * {@code gpg-interface.c} sign_buffer_gpg and sign_buffer_ssh, lines 1008-1150) in the step's environment. So
 * whatever signs for git signs here: gpg-agent and its pinentry, smartcards, ssh-agent, {@code gpg.ssh.program} such
 * as 1Password's op-ssh-sign.
 *
 * <p>Why not JGit's own signers: JGit 7.1 ships none in its core jar (hence "No signer for ssh signatures"); its
 * BouncyCastle OpenPGP signer reads the key ring itself (no gpg-agent, no smartcard, no {@code gpg.program}) and its
 * SSH signer needs Apache MINA sshd and JNA beside the SSHJ nixboot already carries.
 */
final class CommitSigner implements Signer {
    /** Long enough to type a passphrase into a pinentry or touch a security key; a program never ends otherwise. */
    static final Duration LIMIT = Duration.ofMinutes(5);

    private static final int OUTPUT_LIMIT = 256 * 1024;

    private final SigningConfig config;
    private final Path workTree;
    private final StepContext context;
    private String key;

    CommitSigner(SigningConfig config, Path workTree, StepContext context) {
        this.config = config;
        this.workTree = workTree;
        this.context = context;
    }

    /** Thrown through JGit's commit, which declares no failure a signer could report. */
    static final class SigningFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SigningFailure(StepFailure cause) {
            super(cause.getMessage(), cause);
        }

        StepFailure failure() {
            return (StepFailure) getCause();
        }
    }

    @Override
    public GpgSignature sign(
            Repository repository,
            GpgConfig gpgConfig,
            byte[] data,
            PersonIdent committer,
            String signingKey,
            CredentialsProvider credentialsProvider)
            throws CanceledException {
        try {
            return new GpgSignature(sign(data, committer));
        } catch (StepFailure e) {
            throw new SigningFailure(e);
        }
    }

    @Override
    public boolean canLocateSigningKey(
            Repository repository,
            GpgConfig gpgConfig,
            PersonIdent committer,
            String signingKey,
            CredentialsProvider credentialsProvider) {
        return true; // known only by trying: sign() says what went wrong
    }

    /** The signature of the payload, as the signing program wrote it. */
    byte[] sign(byte[] payload, PersonIdent committer) throws StepFailure {
        return config.format() == SigningConfig.Format.SSH ? signSsh(payload) : signGpg(payload, committer);
    }

    /**
     * The key git signs with, as it names it: {@code user.signingkey}; otherwise for OpenPGP and X.509 the committer
     * ({@code Name <email>}, get_signing_key in gpg-interface.c:950), for SSH the first key gpg.ssh.defaultKeyCommand
     * prints (get_default_ssh_signing_key, gpg-interface.c:872).
     */
    String key(PersonIdent committer) throws StepFailure {
        if (key == null) {
            if (config.signingKey() != null) {
                key = config.signingKey();
            } else if (config.format() != SigningConfig.Format.SSH) {
                key = committer.getName() + " <" + committer.getEmailAddress() + ">";
            } else {
                key = defaultSshKey();
            }
        }
        return key;
    }

    private byte[] signGpg(byte[] payload, PersonIdent committer) throws StepFailure {
        String signingKey = key(committer);
        Path program = program();
        Bytes signature = new Bytes();
        Bytes status = new Bytes();
        LocalProcess.Outcome outcome = run(
                new LocalProcess(
                                List.of(program.toString(), "--status-fd=2", "-bsau", signingKey),
                                workTree,
                                context.environment())
                        .input(payload)
                        .output(signature, status),
                program);
        // Success is a SIG_CREATED status line, not only the exit code (gpg-interface.c:1034-1047).
        boolean created = status.text().lines().anyMatch(line -> line.startsWith("[GNUPG:] SIG_CREATED "));
        if (outcome.exitCode() != 0 || !created) {
            String said = status.text()
                    .lines()
                    .filter(line -> !line.startsWith("[GNUPG:]"))
                    .collect(Collectors.joining("; "));
            throw new StepFailure(program.getFileName() + " failed to sign with key " + signingKey + " ("
                    + (config.signingKey() == null
                            ? "the committer; set user.signingkey to choose one"
                            : "user.signingkey")
                    + "): " + (said.isEmpty() ? "(no output)" : said));
        }
        return withoutCarriageReturns(signature.bytes());
    }

    private byte[] signSsh(byte[] payload) throws StepFailure {
        String signingKey = key(null);
        String literal = literalSshKey(signingKey);
        if (literal != null
                && context.environment().getOrDefault("SSH_AUTH_SOCK", "").isEmpty()) {
            throw new StepFailure("signing with the ssh key " + abbreviate(literal) + " needs its private key in an "
                    + "ssh-agent, and SSH_AUTH_SOCK is not set; start an agent and ssh-add the key");
        }
        Path program = program();
        Path directory = context.createRunDirectory();
        String name = "git-signing-" + UUID.randomUUID();
        Path keyFile = literal == null ? resolve(signingKey) : directory.resolve(name + ".pub");
        Path buffer = directory.resolve(name);
        Path signatureFile = directory.resolve(name + ".sig");
        try {
            if (literal == null && !Files.isRegularFile(keyFile)) {
                throw new StepFailure("user.signingkey " + signingKey + ": no such file (" + keyFile + "); give the "
                        + "path of your ssh key, or the public key as key::ssh-ed25519 AAAA...");
            }
            if (literal != null) {
                Files.writeString(keyFile, literal + "\n");
            }
            Files.write(buffer, payload);
            List<String> command =
                    new ArrayList<>(List.of(program.toString(), "-Y", "sign", "-n", "git", "-f", keyFile.toString()));
            if (literal != null) {
                command.add("-U"); // the private key is in the agent
            }
            command.add(buffer.toString());
            Bytes errors = new Bytes();
            LocalProcess.Outcome outcome = run(
                    new LocalProcess(command, workTree, context.environment())
                            .output(OutputStream.nullOutputStream(), errors),
                    program);
            if (outcome.exitCode() != 0 || !Files.isRegularFile(signatureFile)) {
                String said = errors.text().strip().replace('\n', ' ');
                throw new StepFailure(program.getFileName() + " failed to sign with key "
                        + abbreviate(literal == null ? signingKey : literal)
                        + " (user.signingkey): "
                        + (said.contains("usage:")
                                ? "ssh-keygen -Y sign is needed for ssh signing (available in openssh version 8.2p1+)"
                                : said.isEmpty() ? "(no output)" : said));
            }
            return withoutCarriageReturns(Files.readAllBytes(signatureFile));
        } catch (IOException e) {
            throw new StepFailure("cannot sign with ssh: " + e.getMessage(), e);
        } finally {
            for (Path file : List.of(buffer, signatureFile, keyFile)) {
                if (file.startsWith(directory)) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        // The run directory goes with everything in it when the run ends.
                    }
                }
            }
        }
    }

    /** gpg.ssh.defaultKeyCommand's first line when it is a public key; git warns and signs without a key otherwise. */
    private String defaultSshKey() throws StepFailure {
        String command = config.sshDefaultKeyCommand();
        if (command == null) {
            throw new StepFailure("signing with ssh (gpg.format=ssh) needs user.signingkey (the path of your ssh key,"
                    + " or key::ssh-ed25519 AAAA... with the private key in your agent) or gpg.ssh.defaultKeyCommand");
        }
        List<String> argv = Arrays.stream(command.trim().split("\\s+")).toList();
        Path program = LocalProcess.find(argv.get(0), context.environment());
        if (program == null) {
            throw new StepFailure("gpg.ssh.defaultKeyCommand " + command + ": " + argv.get(0) + " is not on PATH");
        }
        List<String> resolved = new ArrayList<>(argv);
        resolved.set(0, program.toString());
        Bytes out = new Bytes();
        LocalProcess.Outcome outcome = run(
                new LocalProcess(resolved, workTree, context.environment())
                        .output(out, OutputStream.nullOutputStream()),
                program);
        String first = out.text().lines().findFirst().orElse("");
        if (outcome.exitCode() != 0 || literalSshKey(first) == null) {
            throw new StepFailure("gpg.ssh.defaultKeyCommand " + command + " gave no ssh key (exit "
                    + outcome.exitCode() + "); set user.signingkey");
        }
        return first;
    }

    /** The key of {@code key::ssh-...} or {@code ssh-...}; null for a file (is_literal_ssh_key, gpg-interface.c). */
    private static String literalSshKey(String signingKey) {
        if (signingKey.startsWith("key::")) {
            return signingKey.substring("key::".length());
        }
        return signingKey.startsWith("ssh-") ? signingKey : null;
    }

    /** The signing program: a path as given (~ is the home), or a name found on the step's PATH, as git execs it. */
    private Path program() throws StepFailure {
        String program = config.program();
        Path found = program.contains("/") ? resolve(program) : LocalProcess.find(program, context.environment());
        if (found == null || !Files.isExecutable(found)) {
            String setting =
                    switch (config.format()) {
                        case OPENPGP -> "gpg.program";
                        case X509 -> "gpg.x509.program";
                        case SSH -> "gpg.ssh.program";
                    };
            throw new StepFailure("cannot sign commits: " + program + " (" + setting + ") is not "
                    + (program.contains("/") ? "an executable file" : "on PATH") + "; install it, set " + setting
                    + ", or turn signing off for this repository (git config commit.gpgsign false)");
        }
        return found;
    }

    /** A path from git config: ~/ is the home (git_config_pathname), a relative one is under the working tree. */
    private Path resolve(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return context.home()
                    .resolve(path.equals("~") ? "" : path.substring(2))
                    .normalize();
        }
        return workTree.resolve(path).normalize();
    }

    private LocalProcess.Outcome run(LocalProcess process, Path program) throws StepFailure {
        LocalProcess.Outcome outcome;
        try {
            outcome = process.timeout(LIMIT).run(context);
        } catch (IOException e) {
            throw new StepFailure("cannot start " + program + ": " + e.getMessage(), e);
        }
        return switch (outcome.ending()) {
            case EXITED -> outcome;
            case TIMED_OUT ->
                throw new StepFailure(program.getFileName() + " did not finish signing within "
                        + DurationText.format(LIMIT) + " (waiting for a passphrase or a security key?); killed it");
            case CANCELLED -> throw new StepFailure("cancelled while signing: killed " + program.getFileName());
        };
    }

    /** Strip CR before LF, as git does for signatures made on Windows (strip_cr_before_lf, gpg-interface.c:994). */
    private static byte[] withoutCarriageReturns(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        int length = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
                continue;
            }
            out[length++] = bytes[i];
        }
        return Arrays.copyOf(out, length);
    }

    private static String abbreviate(String key) {
        return key.length() > 40 ? key.substring(0, 37) + "..." : key;
    }

    /** A signing program's output, kept up to a bound: a signature or a status is a few KiB. */
    private static final class Bytes extends OutputStream {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (kept.size() < OUTPUT_LIMIT) {
                kept.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            kept.write(bytes, offset, Math.min(length, Math.max(0, OUTPUT_LIMIT - kept.size())));
        }

        synchronized byte[] bytes() {
            return kept.toByteArray();
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
