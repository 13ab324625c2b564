package dev.nixboot.cli.rehearsal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real {@code nixboot} command in a process of its own, the way a person runs it against the simulated target:
 * from the nix-config checkout, with the stand-ins for nix, sops and nixos-anywhere first on PATH, HOME pointing into
 * the rehearsal (so no known_hosts, git or SSH configuration of whoever runs the tests is read or written), and a
 * real ssh-agent holding the rehearsal key (so agent forwarding is exercised).
 */
final class Nixboot implements AutoCloseable {
    private final SimulatedTarget target;
    private final SshAgent agent;
    private final List<Process> started = new ArrayList<>();
    private Path workingDirectory;
    private String umask = "022";

    Nixboot(SimulatedTarget target, SshAgent agent) {
        this.target = target;
        this.agent = agent;
        this.workingDirectory = target.nixConfig();
    }

    /** Runs nixboot from this directory from now on, instead of from the nix-config checkout. */
    Nixboot from(Path directory) {
        this.workingDirectory = directory;
        return this;
    }

    /** Runs nixboot with this umask from now on (a shell's umask is inherited by what it starts). */
    Nixboot withUmask(String mask) {
        this.umask = mask;
        return this;
    }

    /** Runs {@code nixboot ARGS...} to its end; fails the test when it takes longer than the limit. */
    Result run(Duration limit, String... arguments) throws IOException, InterruptedException {
        Running running = start(arguments);
        return running.await(limit);
    }

    Running start(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "nixboot"));
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // C1 only and the serial collector: each run is short, and these machines are shared; JIT threads competing
        // for the cores cost more than the faster code saves.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        // Java takes its home from the password database, not HOME: JGit would keep its config under the real one.
        command.add("-Duser.home=" + target.home());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.nixboot.cli.Main");
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(target.directory(), "nixboot-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> environment = builder.environment();
        environment.putAll(environment(environment));
        Process process = builder.start();
        started.add(process);
        return new Running(process, output);
    }

    /** Ends any nixboot process a failed or timed-out test left running. */
    @Override
    public void close() {
        for (Process process : started) {
            process.destroyForcibly();
        }
    }

    private Map<String, String> environment(Map<String, String> inherited) {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOME", target.home().toString());
        environment.put("XDG_CONFIG_HOME", target.home().resolve(".config").toString());
        environment.put("USER", target.login());
        environment.put(
                "PATH", target.localTools() + File.pathSeparator + inherited.getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("SSH_AUTH_SOCK", agent.socket().toString());
        environment.put("GIT_CONFIG_NOSYSTEM", "1");
        environment.put("CI", "true");
        return environment;
    }

    /** A started nixboot process. */
    static final class Running {
        private final Process process;
        private final Path output;

        Running(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        String output() throws IOException {
            return Files.readString(output, StandardCharsets.UTF_8);
        }

        /** Waits until the output so far satisfies the condition; false when the process ended or time ran out. */
        boolean awaitOutput(Predicate<String> condition, Duration limit) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                if (condition.test(output())) {
                    return true;
                }
                if (!process.isAlive()) {
                    return condition.test(output());
                }
                Thread.sleep(50);
            }
            return false;
        }

        /** What Ctrl-C does: SIGINT to the nixboot process. */
        void interrupt() throws IOException {
            // The shell's own kill: /bin/kill comes with procps, which minimal images lack.
            SimulatedTarget.command(List.of("sh", "-c", "kill -INT \"$0\"", Long.toString(process.pid())));
        }

        Result await(Duration limit) throws IOException, InterruptedException {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("nixboot did not finish within " + limit + "; its output:\n" + output());
            }
            return new Result(process.exitValue(), output());
        }
    }

    /** How a nixboot run ended. */
    record Result(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + ", output:\n" + output;
        }
    }
}
