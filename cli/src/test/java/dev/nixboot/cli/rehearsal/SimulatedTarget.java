package dev.nixboot.cli.rehearsal;

import dev.nixboot.cli.testing.RepositoryFiles;
import dev.nixboot.engine.state.FileTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The simulated installer target of {@code cli/src/test/resources/rehearsal/simulated-target}, driven from a test: the
 * same script people use to rehearse, so the test also proves that script works. Everything lives in one temporary
 * directory, removed by {@link #close()}.
 */
final class SimulatedTarget implements AutoCloseable {
    static final String HOST = "gusto";

    private final Path script;
    private final Path directory;
    private final String address;
    private final int port;
    private final String login;

    private SimulatedTarget(Path script, Path directory) throws IOException {
        this.script = script;
        this.directory = directory;
        this.address = Files.readString(directory.resolve("target/address")).strip();
        this.port = Integer.parseInt(
                Files.readString(directory.resolve("target/port")).strip());
        this.login = Files.readString(directory.resolve("target/login")).strip();
    }

    /** Creates an installer ISO target, its keys and the fixture repositories in a new temporary directory. */
    static SimulatedTarget up() throws IOException {
        return up("installer", "uefi");
    }

    /**
     * Creates a target running {@code installer} (a NixOS installer ISO) or {@code linux} (any other Linux, which
     * nixos-anywhere kexecs), booted with {@code uefi} or {@code bios} firmware, and boots it.
     */
    static SimulatedTarget up(String system, String firmware) throws IOException {
        Path script = RepositoryFiles.root().resolve("cli/src/test/resources/rehearsal/simulated-target");
        Path directory = Files.createTempDirectory("nixboot-rehearsal-");
        try {
            run(script, "up", directory.toString(), "--system", system, "--firmware", firmware);
            return new SimulatedTarget(script, directory);
        } catch (IOException | RuntimeException e) {
            FileTree.delete(directory);
            throw e;
        }
    }

    Path directory() {
        return directory;
    }

    /** The target's own loopback address (127.x.y.z), where it listens as a machine on the network would. */
    String address() {
        return address;
    }

    /** The port its first system (installer ISO or other Linux) listens on, and the installed system too. */
    int port() {
        return port;
    }

    /** The one account the target's sshd lets in: whoever runs the tests (root in CI). */
    String login() {
        return login;
    }

    Path varsFile() {
        return directory.resolve("rehearsal-vars.yaml");
    }

    Path source() {
        return directory.resolve("source");
    }

    Path nixConfig() {
        return source().resolve("nix-config");
    }

    Path nixSecrets() {
        return source().resolve("nix-secrets");
    }

    Path remote(String name) {
        return source().resolve("remotes").resolve(name + ".git");
    }

    /** The commits on a remote's main, newest first, each as {@code <hash> <subject>}. */
    List<String> history(String remote) throws IOException {
        return git(remote(remote), "log", "--format=%H %s", "main").lines().toList();
    }

    /** The git CLI run in a repository; its output. */
    static String git(Path repository, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repository.toString()));
        command.addAll(List.of(arguments));
        return command(command);
    }

    Path home() {
        return source().resolve("home");
    }

    Path knownHosts() {
        return home().resolve(".ssh/known_hosts");
    }

    Path identity() {
        return source().resolve("id_ed25519");
    }

    Path localTools() {
        return source().resolve("bin");
    }

    Path keysDir() {
        return nixConfig().resolve(".nixboot/keys");
    }

    /** The pre-generated private host key, as the playbook keeps it (persist_dir empty). */
    Path hostKey() {
        return hostKey("");
    }

    /** The pre-generated private host key under a persist_dir such as {@code /persist}. */
    Path hostKey(String persistDir) {
        return keysDir().resolve(HOST + "/extra-files" + persistDir + "/etc/ssh/ssh_host_ed25519_key");
    }

    /** The target's /mnt, where nixos-anywhere mounts the new system. */
    Path installRoot() {
        return directory.resolve("target/root/mnt");
    }

    Path targetHome() {
        return directory.resolve("target/root/home").resolve(login);
    }

    /** Root's home on the target, /root. */
    Path rootHome() {
        return directory.resolve("target/root/root");
    }

    /** The default luks_key_file, /tmp/disko-password, on the target. */
    Path luksKeyFile() {
        return directory.resolve("target/root/tmp/disko-password");
    }

    /**
     * Lets in the holder of {@code control}'s key instead of this rehearsal's own: a target among several that one
     * control machine (another rehearsal's source side) bootstraps.
     */
    void acceptKeyOf(SimulatedTarget control) throws IOException {
        Files.copy(
                Path.of(control.identity() + ".pub"),
                directory.resolve("target/authorized_keys"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** What the target runs now: installer, linux, kexec-installer or installed. */
    String system() throws IOException {
        return Files.readString(directory.resolve("target/system")).strip();
    }

    /** The installer ISO's own host key (public). */
    String isoHostKey() throws IOException {
        return publicKey(directory.resolve("target/iso_host_ed25519_key.pub"));
    }

    /** The key the target presents right now (public). */
    String currentHostKey() throws IOException {
        return command(List.of(
                        "ssh-keygen",
                        "-y",
                        "-f",
                        directory.resolve("target/ssh_host_ed25519_key").toString()))
                .strip();
    }

    /** The calls a stand-in recorded, oldest first. */
    List<Call> calls(String tool) throws IOException {
        return Call.read(directory.resolve("calls").resolve(tool));
    }

    /** What the next simulated install does: installed, wrong-key, never-returns or wait-for-power. */
    void outcome(String outcome) throws IOException {
        run(script, "outcome", directory.toString(), outcome);
    }

    /** The memory the target's /proc/meminfo shows (MemTotal, in KiB). */
    void memory(long kib) throws IOException {
        run(script, "memory", directory.toString(), Long.toString(kib));
    }

    void powerOn() throws IOException {
        run(script, "power-on", directory.toString());
    }

    /** Boots the installer ISO again, with its own host key, as before a reinstall. */
    void rebootInstaller() throws IOException {
        run(script, "reboot-installer", directory.toString());
    }

    @Override
    public void close() throws IOException {
        try {
            run(script, "down", directory.toString());
        } finally {
            FileTree.delete(directory);
        }
    }

    static String publicKey(Path file) throws IOException {
        String[] parts = Files.readString(file).strip().split("\\s+");
        return parts[0] + " " + parts[1];
    }

    private static void run(Path script, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(arguments));
        command(command);
    }

    /** Runs a command, returns its standard output, fails with its output when it fails. */
    static String command(List<String> command) throws IOException {
        Path output = Files.createTempFile("nixboot-rehearsal-", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(command + " exited " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
