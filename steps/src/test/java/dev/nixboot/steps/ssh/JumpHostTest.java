package dev.nixboot.steps.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.ssh.testing.SshServer;
import dev.nixboot.steps.ssh.transfer.SshUploadStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target reached only through jump hosts, with real sshd instances on three loopback addresses: two bastions
 * (127.0.0.1 and 127.0.0.3) and the target (127.0.0.2). That the connection to the target really went through a
 * bastion is read from the system, not trusted: the bastion logs its forwardings to the target, and {@code /proc}
 * tells which process holds each open TCP connection to the target — a bastion's sshd, never this JVM.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JumpHostTest {
    private static SshServer bastion;
    private static SshServer inner;
    private static SshServer target;

    @TempDir
    Path home;

    private StepTestKit kit;
    private Path knownHosts;

    @BeforeAll
    static void startServers() {
        // DEBUG1 logs each direct-tcpip channel a client opens: what the jump hosts forward.
        bastion = SshServer.start("127.0.0.1", List.of("LogLevel DEBUG1"));
        inner = SshServer.start("127.0.0.3", List.of("LogLevel DEBUG1"));
        target = SshServer.start("127.0.0.2");
        // One key logs in everywhere: the target's client key.
        String key = publicKey(target.clientIdentity());
        bastion.authorize(key);
        inner.authorize(key);
    }

    @AfterAll
    static void stopServers() {
        for (SshServer server : new SshServer[] {bastion, inner, target}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        kit = SshTestKits.isolated(home);
        knownHosts = home.resolve(".ssh/known_hosts");
        Files.writeString(
                knownHosts,
                bastion.knownHostsLine() + "\n" + inner.knownHostsLine() + "\n" + target.knownHostsLine() + "\n");
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private String identity() {
        return target.clientIdentity().toString();
    }

    private String user() {
        return target.user();
    }

    @Test
    void theJumpHostParameterTakesExecThroughTheBastion() throws Exception {
        Hop hop = Hop.of(target, bastion);

        StepResult result = kit.execute(new SshExecStep(), """
                host: %s
                port: %d
                user: %s
                identity_file: %s
                jump_host: %s@%s:%d
                command: [echo, reached]
                """.formatted(
                        target.host(), target.port(), user(), identity(), user(), bastion.host(), bastion.port()));

        assertThat(result.failure()).as(target.log()).isNull();
        assertThat(result.outputs().get("stdout")).isEqualTo("reached\n");
        assertCameThrough(hop);
    }

    @Test
    void proxyJumpFromSshConfigTakesTwoHopsEachCheckedAgainstKnownHosts() throws Exception {
        writeSshConfig("""
                Host target
                  HostName %s
                  Port %d
                  ProxyJump first,second
                Host first
                  HostName %s
                  Port %d
                Host second
                  HostName %s
                  Port %d
                Host *
                  User %s
                  IdentityFile %s
                """.formatted(
                        target.host(),
                        target.port(),
                        bastion.host(),
                        bastion.port(),
                        inner.host(),
                        inner.port(),
                        user(),
                        identity()));
        Hop last = Hop.of(target, inner);
        Hop first = Hop.of(inner, bastion);

        StepResult result = kit.execute(new SshExecStep(), "host: target\ncommand: [hostname]\n");

        assertThat(result.failure()).isNull();
        assertCameThrough(last);
        assertCameThrough(first);
    }

    @Test
    void aJumpHostWithAnUnknownKeyIsRefusedAndTheTargetNeverContacted() throws Exception {
        Files.writeString(knownHosts, target.knownHostsLine() + "\n");
        int before = connections(target).size();

        StepResult result = kit.execute(new SshExecStep(), """
                host: %s
                port: %d
                identity_file: %s
                accept_new: true
                jump_host: %s@%s:%d
                command: ["true"]
                """.formatted(
                        target.host(), target.port(), identity(), user(), bastion.host(), bastion.port()));

        assertThat(result.failure()).hasMessageContaining("host key of " + bastion.hostPattern() + " is not known");
        assertThat(connections(target)).hasSize(before);
        assertThat(Files.readString(knownHosts))
                .as("accept_new is for the target, never for a hop")
                .doesNotContain(bastion.hostPattern());
    }

    @Test
    void stepsShareOneConnectionPerHop() throws Exception {
        String yaml =
                """
                host: %s
                port: %d
                user: %s
                identity_file: %s
                jump_host: %s@%s:%d
                command: ["true"]
                """.formatted(target.host(), target.port(), user(), identity(), user(), bastion.host(), bastion.port());
        int logins = logins(bastion);

        for (int i = 0; i < 3; i++) {
            assertThat(kit.execute(new SshExecStep(), yaml).failure()).isNull();
        }
        assertThat(kit.execute(new SshUploadStep(), """
                host: %s
                port: %d
                user: %s
                identity_file: %s
                jump_host: %s@%s:%d
                content: "through the bastion\\n"
                destination: %s
                """.formatted(
                                        target.host(),
                                        target.port(),
                                        user(),
                                        identity(),
                                        user(),
                                        bastion.host(),
                                        bastion.port(),
                                        home.resolve("uploaded")))
                        .failure())
                .isNull();

        assertThat(logins(bastion) - logins)
                .as("logins on the bastion for four steps")
                .isEqualTo(1);
        assertThat(Files.readString(home.resolve("uploaded"))).isEqualTo("through the bastion\n");
    }

    @Test
    void proxyCommandCarriesTheConnection() throws Exception {
        writeSshConfig("""
                Host target
                  HostName %s
                  Port %d
                  User %s
                  IdentityFile %s
                  ProxyCommand ssh -F none -i %s -o IdentitiesOnly=yes -o IdentityAgent=none -o BatchMode=yes \
                -o StrictHostKeyChecking=yes -o UserKnownHostsFile=%s -o GlobalKnownHostsFile=none -p %d -l %s \
                -W %%h:%%p %s
                """.formatted(
                        target.host(),
                        target.port(),
                        user(),
                        identity(),
                        identity(),
                        knownHosts,
                        bastion.port(),
                        user(),
                        bastion.host()));
        Hop hop = Hop.of(target, bastion);

        StepResult result = kit.execute(new SshExecStep(), "host: target\ncommand: [echo, piped]\n");

        assertThat(result.failure()).isNull();
        assertThat(result.outputs().get("stdout")).isEqualTo("piped\n");
        assertCameThrough(hop);
    }

    @Test
    void aProxyCommandThatFailsSaysWhatItPrinted() throws Exception {
        writeSshConfig("Host target\n  ProxyCommand echo no route to %h >&2; exit 3\n");

        StepResult result = kit.execute(
                new SshExecStep(),
                "host: target\nidentity_file: " + identity() + "\ncommand: [\"true\"]\nconnect_timeout: 10s\n");

        assertThat(result.failure())
                .hasMessageContaining("cannot connect to")
                .hasMessageContaining("ProxyCommand said: no route to target");
    }

    @Test
    void keyscanAndWaitFetchTheTargetsKeyThroughTheJumpHost() throws Exception {
        String via = "jump_host: %s@%s:%d\n".formatted(user(), bastion.host(), bastion.port());
        Files.createDirectories(home.resolve(".ssh"));
        Files.copy(target.clientIdentity(), home.resolve(".ssh/id_ed25519"));
        Hop hop = Hop.of(target, bastion).closing();

        StepResult scan = kit.execute(
                new SshKeyscanStep(), "host: %s\nport: %d\n%s".formatted(target.host(), target.port(), via));
        StepResult wait = kit.execute(
                new SshWaitStep(), "host: %s\nport: %d\ntimeout: 20s\n%s".formatted(target.host(), target.port(), via));

        assertThat(scan.failure()).isNull();
        assertThat(scan.outputs().get("key")).isEqualTo(target.hostKey());
        assertThat(scan.outputs().get("known_hosts_line")).isEqualTo(target.knownHostsLine());
        assertThat(wait.failure()).isNull();
        assertThat(wait.outputs().get("key")).isEqualTo(target.hostKey());
        assertCameThrough(hop);
    }

    private void writeSshConfig(String text) throws IOException {
        Path config = home.resolve(".ssh/config");
        Files.writeString(config, text);
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    /** Source ports of the connections the server logged, in order. */
    private static List<Integer> connections(SshServer server) {
        Matcher matcher = Pattern.compile("Connection from [0-9.]+ port (\\d+) on " + Pattern.quote(server.host())
                        + " port " + server.port())
                .matcher(server.log());
        List<Integer> ports = new java.util.ArrayList<>();
        while (matcher.find()) {
            ports.add(Integer.valueOf(matcher.group(1)));
        }
        return ports;
    }

    private static int logins(SshServer server) {
        return (int) server.log()
                .lines()
                .filter(l -> l.contains("Accepted publickey"))
                .count();
    }

    /**
     * The step reached the server through the jump host: the jump host logged forwardings to it, the server logged
     * connections, every connection to the server that is open now (the run's shared ones) is held on its client
     * side by the jump host's sshd, and none by this JVM.
     */
    private static void assertCameThrough(Hop hop) throws IOException {
        SshServer server = hop.server();
        SshServer jump = hop.jump();
        awaitLogs(hop);
        assertThat(connections(server).size())
                .as("connections to " + server.host() + " since the step started")
                .isGreaterThan(hop.connections());
        assertThat(forwardings(jump, server))
                .as("forwardings by " + jump.host() + " to " + server.host() + " since the step started")
                .isGreaterThan(hop.forwardings());
        Set<Long> jumpSockets = new HashSet<>();
        Stream.concat(Stream.of(jump.process()), jump.process().descendants())
                .forEach(p -> jumpSockets.addAll(sockets(p.pid())));
        Set<Long> open = openSocketsTo(server);
        Set<Long> own = sockets(ProcessHandle.current().pid());
        assertThat(open)
                .as("open connections to " + server.host() + " held by this JVM")
                .noneMatch(own::contains);
        if (!hop.closesItsConnection()) {
            assertThat(open)
                    .as("open connections to " + server.host() + " held by the jump host's sshd")
                    .anyMatch(jumpSockets::contains);
        }
    }

    /** The inodes of the established TCP sockets connected to the server, from /proc/net/tcp. */
    private static Set<Long> openSocketsTo(SshServer server) throws IOException {
        byte[] address = java.net.InetAddress.getByName(server.host()).getAddress();
        String remote =
                String.format("%02X%02X%02X%02X:%04X", address[3], address[2], address[1], address[0], server.port());
        Set<Long> inodes = new HashSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
            String[] fields = line.strip().split("\\s+");
            // field 3 is the state: 01 is ESTABLISHED
            if (fields.length > 9 && fields[2].equals(remote) && fields[3].equals("01")) {
                inodes.add(Long.valueOf(fields[9]));
            }
        }
        return inodes;
    }

    /** sshd's processes write their logs as they go: a line may trail the step by a moment. */
    private static void awaitLogs(Hop hop) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline
                && (connections(hop.server()).size() <= hop.connections()
                        || forwardings(hop.jump(), hop.server()) <= hop.forwardings())) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** What a server and the jump host in front of it had logged before a step. */
    private record Hop(
            SshServer server, SshServer jump, int connections, long forwardings, boolean closesItsConnection) {
        static Hop of(SshServer server, SshServer jump) {
            return new Hop(
                    server,
                    jump,
                    JumpHostTest.connections(server).size(),
                    JumpHostTest.forwardings(jump, server),
                    false);
        }

        /** For a step whose connection ends with it (a key scan): nothing stays open to look at. */
        Hop closing() {
            return new Hop(server, jump, connections, forwardings, true);
        }
    }

    /** How many direct-tcpip channels to the server the jump host has opened (sshd logs them at DEBUG1). */
    private static long forwardings(SshServer jump, SshServer server) {
        String target = "target " + server.host() + " port " + server.port();
        return jump.log()
                .lines()
                .filter(l -> l.contains("server_request_direct_tcpip") && l.contains(target))
                .count();
    }

    private static Set<Long> sockets(long pid) {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(Long.valueOf(link.substring(8, link.length() - 1)));
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        } catch (IOException gone) {
            // the process ended
        }
        return inodes;
    }

    private static String publicKey(Path identity) {
        try {
            return Files.readString(Path.of(identity + ".pub")).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
