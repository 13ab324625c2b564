package dev.nixboot.cli.vm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code nixboot} command in a process of its own, run against a {@link RehearsalVm} the way a person runs
 * it: from the rehearsal's nix-config checkout, with the stand-ins for nix, sops and nixos-anywhere first on PATH,
 * HOME inside the rehearsal (nobody's own known_hosts, git or SSH configuration is read or written) and a real
 * ssh-agent holding the rehearsal key, for the rebuild's agent forwarding.
 */
final class NixbootRun {
    private NixbootRun() {}

    /** How a run ended, and how long it took. */
    record Result(int exitCode, String output, Duration took) {
        @Override
        public String toString() {
            return "exit " + exitCode + " after " + took.toSeconds() + " s, output:\n" + output;
        }
    }

    /** Runs {@code nixboot ARGS...} to its end; fails the test when it outlives the limit (and ends it). */
    static Result run(RehearsalVm vm, Path agentSocket, Duration limit, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // C1 only and the serial collector: the run mostly waits for the VM, and the machine's cores are its.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        // Java takes its home from the password database, not HOME: JGit would keep its config under the real one.
        command.add("-Duser.home=" + vm.home());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.nixboot.cli.Main");
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(vm.directory(), "nixboot-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(vm.nixConfig().toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> environment = builder.environment();
        String path = vm.localTools() + File.pathSeparator + environment.getOrDefault("PATH", "/usr/bin:/bin");
        environment.put("HOME", vm.home().toString());
        environment.put("XDG_CONFIG_HOME", vm.home().resolve(".config").toString());
        environment.put("PATH", path);
        environment.put("SSH_AUTH_SOCK", agentSocket.toString());
        environment.put("GIT_CONFIG_NOSYSTEM", "1");
        environment.put("CI", "true");
        long started = System.nanoTime();
        Process process = builder.start();
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("nixboot did not finish within " + limit + "; its output:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
        } finally {
            // Also when the test is interrupted by its own timeout: nothing of the run outlives it.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        return new Result(
                process.exitValue(),
                Files.readString(output, StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - started));
    }
}
