package dev.nixboot.cli.vm;

import dev.nixboot.cli.testing.RepositoryFiles;
import dev.nixboot.engine.state.FileTree;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The rehearsal VM of {@code cli/src/test/resources/rehearsal/vm/simulated-vm}, driven from a test through
 * {@code simulated-target vm}: the same commands people rehearse with, so the tests prove those work too. Its kernel
 * and initramfs are built once into {@code cli/target/vm-image} and reused by every VM of the test run (and later
 * runs, until what they are made of changes). Everything else lives in one temporary directory, removed by
 * {@link #close()}; QEMU is stopped by its pid there, and by a shutdown hook should the JVM end first.
 */
final class RehearsalVm implements AutoCloseable {
    static final String HOST = "gusto";
    /** How long one command of the script may take: building the image, or booting and waiting for SSH. */
    private static final Duration SCRIPT_LIMIT = Duration.ofMinutes(8);

    private static final Set<Path> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(RehearsalVm::kill), "rehearsal-vm-stop"));
    }

    enum Firmware {
        UEFI,
        BIOS
    }

    enum Medium {
        INSTALLER,
        PLAIN
    }

    private final Path directory;
    private final int port;

    private RehearsalVm(Path directory) throws IOException {
        this.directory = directory;
        this.port = Integer.parseInt(setting("port"));
    }

    /** Creates a VM with an empty disk in a new temporary directory, boots it and waits until its SSH answers. */
    static RehearsalVm up(Firmware firmware, Medium medium) throws IOException {
        Path directory = Files.createTempDirectory("nixboot-vm-");
        RUNNING.add(directory);
        try {
            script("up", directory.toString(), "--firmware", name(firmware), "--start", name(medium));
            return new RehearsalVm(directory);
        } catch (IOException | RuntimeException e) {
            Path console = directory.resolve("target/console.log");
            String seen = Files.exists(console) ? Files.readString(console, StandardCharsets.ISO_8859_1) : "";
            kill(directory);
            RUNNING.remove(directory);
            FileTree.delete(directory);
            List<String> lines = seen.lines().toList();
            throw new IOException(
                    e.getMessage() + "\nthe VM's console log ends with:\n"
                            + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())),
                    e);
        }
    }

    Path directory() {
        return directory;
    }

    int port() {
        return port;
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

    /** The pre-generated host key the playbook keeps for the installed system (public half). */
    Path installedHostKey() {
        return nixConfig().resolve(".nixboot/keys/" + HOST + "/extra-files/etc/ssh/ssh_host_ed25519_key.pub");
    }

    Path installerHostKey() {
        return directory.resolve("target/identity/nixboot-vm/installer_host_ed25519_key.pub");
    }

    Path plainHostKey() {
        return directory.resolve("target/identity/nixboot-vm/plain_host_ed25519_key.pub");
    }

    Path calls(String tool) {
        return directory.resolve("calls").resolve(tool);
    }

    String console() throws IOException {
        return Files.readString(directory.resolve("target/console.log"), StandardCharsets.ISO_8859_1);
    }

    /** QEMU's pid, while it runs. */
    OptionalLong pid() {
        return runningPid(directory);
    }

    /** Runs a shell command on the guest as root (whatever host key it presents) and returns its output. */
    String ssh(String command) throws IOException {
        return script("ssh", directory.toString(), command);
    }

    /** The host key the guest presents right now, as "type base64". */
    String presentedHostKey() throws IOException {
        String scanned = run(
                List.of("ssh-keyscan", "-T", "10", "-t", "ed25519", "-p", Integer.toString(port), "127.0.0.1"),
                Duration.ofSeconds(30),
                Map.of());
        return scanned.lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .findFirst()
                .map(l -> l.substring(l.indexOf(' ') + 1).strip())
                .orElseThrow(() -> new IOException("no host key scanned on port " + port));
    }

    /** Waits until the guest's SSH answers, for at most the given time. */
    void awaitSsh(Duration limit) throws IOException {
        script("wait", directory.toString(), Long.toString(limit.toSeconds()));
    }

    @Override
    public void close() throws IOException {
        try {
            script("down", directory.toString());
        } finally {
            kill(directory);
            RUNNING.remove(directory);
            FileTree.delete(directory);
        }
    }

    static String publicKey(Path file) throws IOException {
        String[] parts = Files.readString(file).strip().split("\\s+");
        return parts[0] + " " + parts[1];
    }

    private String setting(String name) throws IOException {
        String prefix = name + "=";
        return Files.readAllLines(directory.resolve("target/vm.conf")).stream()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .map(l -> l.substring(prefix.length()))
                .orElseThrow();
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The kernel and initramfs every VM of this test run boots: built once, under the module's target/. */
    static Path image() {
        return RepositoryFiles.root().resolve("cli/target/vm-image");
    }

    private static String script(String... arguments) throws IOException {
        Path script = RepositoryFiles.root().resolve("cli/src/test/resources/rehearsal/simulated-target");
        List<String> command = new ArrayList<>(List.of("bash", script.toString(), "vm"));
        command.addAll(List.of(arguments));
        return run(command, SCRIPT_LIMIT, Map.of("NIXBOOT_VM_IMAGE", image().toString()));
    }

    /** QEMU's pid from the VM's pid file, if that process is this VM's QEMU (a stale pid may name another). */
    private static OptionalLong runningPid(Path directory) {
        try {
            Path file = directory.resolve("target/qemu.pid");
            if (!Files.exists(file)) {
                return OptionalLong.empty();
            }
            long pid = Long.parseLong(Files.readString(file).strip());
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
            if (process.isEmpty() || !Files.exists(cmdline)) {
                return OptionalLong.empty();
            }
            String arguments = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
            return arguments.contains(directory.resolve("target/disk.raw").toString())
                    ? OptionalLong.of(pid)
                    : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Stops this VM's QEMU by its pid, whatever state the script left behind. */
    private static void kill(Path directory) {
        OptionalLong pid = runningPid(directory);
        if (pid.isEmpty()) {
            return;
        }
        ProcessHandle.of(pid.getAsLong()).ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        });
    }

    /** Runs a command, returns its standard output, fails with its output when it fails or outlives the limit. */
    static String run(List<String> command, Duration limit, Map<String, String> environment) throws IOException {
        Path output = Files.createTempFile("nixboot-vm-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IOException("timed out after " + limit + ": " + command + "\n" + Files.readString(output));
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
