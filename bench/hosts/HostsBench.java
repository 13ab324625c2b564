import dev.nixboot.steps.ssh.testing.SshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Many hosts, one run: HOSTS loopback sshds, each a host of an inventory, and a playbook of STEPS ssh.exec steps per
 * host (one of them holding a lock every host shares, so it runs one host at a time). Whole `java -jar nixboot.jar
 * run --inventory` processes are timed with --parallel-hosts 1 and with --parallel-hosts N, back to back in
 * alternating order each round; the table gives the median walls, CPU, and the ratio round by round.
 *
 * Usage: java HostsBench [rounds] [parallel]   (run from the repository root by bench/hosts/run.sh)
 */
public final class HostsBench {
    private static final int HOSTS = 20;
    private static final int STEPS = 10;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int parallel = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        Path jar = Path.of("cli/target/nixboot.jar").toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        String loadBefore = Timing.loadAverage();
        List<SshServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < HOSTS; i++) {
                servers.add(SshServer.start());
            }
            Path directory = Files.createTempDirectory("nixboot-hosts-bench-");
            Path playbook = Files.writeString(directory.resolve("hosts.yaml"), playbook());
            Path inventory = Files.writeString(directory.resolve("inventory.yaml"), inventory(servers));
            List<String> serial = List.of(java, "-jar", jar.toString(), "run", playbook.toString(), "--inventory",
                    inventory.toString(), "--parallel-hosts", "1");
            List<String> wide = List.of(java, "-jar", jar.toString(), "run", playbook.toString(), "--inventory",
                    inventory.toString(), "--parallel-hosts", Integer.toString(parallel));
            Timing.run(wide, 1); // warm the file cache
            List<Timing.Sample> serialRuns = new ArrayList<>();
            List<Timing.Sample> wideRuns = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                if (round % 2 == 0) {
                    serialRuns.add(Timing.run(serial, 1));
                    wideRuns.add(Timing.run(wide, 1));
                } else {
                    wideRuns.add(Timing.run(wide, 1));
                    serialRuns.add(Timing.run(serial, 1));
                }
            }
            System.out.printf("%d hosts x %d ssh.exec steps (1 under a shared lock), %d rounds, %d cores,"
                    + " load %s -> %s%n", HOSTS, STEPS, rounds, Runtime.getRuntime().availableProcessors(), loadBefore,
                    Timing.loadAverage());
            System.out.printf("| %-28s | %10s | %10s |%n", "run", "wall ms", "CPU ms");
            System.out.printf("| %-28s | %10.0f | %10.0f |%n", "--parallel-hosts 1", Timing.medianWall(serialRuns),
                    Timing.medianCpu(serialRuns));
            System.out.printf("| %-28s | %10.0f | %10.0f |%n", "--parallel-hosts " + parallel,
                    Timing.medianWall(wideRuns), Timing.medianCpu(wideRuns));
            System.out.printf("speed-up (serial / parallel wall), median of pairs: %s%n",
                    Timing.paired(serialRuns, wideRuns, 1.0));
        } finally {
            for (SshServer server : servers) {
                server.close();
            }
        }
    }

    private static String playbook() {
        StringBuilder yaml = new StringBuilder("""
                name: many hosts
                vars:
                  host: {type: string, required: true}
                  port: {type: int, required: true}
                  user: {type: string, required: true}
                  identity: {type: string, required: true}
                  host_key: {type: string, required: true}
                steps:
                """);
        for (int i = 1; i <= STEPS; i++) {
            yaml.append("  - id: step").append(i).append('\n')
                    .append("    type: ssh.exec\n")
                    .append(i == STEPS / 2 ? "    lock: shared\n" : "")
                    .append("""
                                with:
                                  host: 127.0.0.1
                                  port: ${{ port }}
                                  user: ${{ user }}
                                  identity_file: ${{ identity }}
                                  host_key: ${{ host_key }}
                                  script: "true"
                            """);
        }
        return yaml.toString();
    }

    private static String inventory(List<SshServer> servers) {
        StringBuilder yaml = new StringBuilder("hosts:\n");
        for (int i = 0; i < servers.size(); i++) {
            SshServer server = servers.get(i);
            yaml.append("  h").append(i + 1).append(":\n    vars:\n")
                    .append("      port: ").append(server.port()).append('\n')
                    .append("      user: ").append(server.user()).append('\n')
                    .append("      identity: ").append(server.clientIdentity()).append('\n')
                    .append("      host_key: \"").append(server.hostKey()).append("\"\n");
        }
        return yaml.toString();
    }
}
