package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.cli.invocation.Invocation;
import dev.nixboot.cli.invocation.Terminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --inventory}: one run per host with its own variables, side by side, sharing named locks. */
@Timeout(120)
class InventoryRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private static final String PLAYBOOK = """
            name: greet
            vars:
              host: {type: string, required: true}
              port: {type: int, default: 22, max: 65535}
              greeting: hi
              secret_word: {type: string, default: swordfish, secret: true}
            steps:
              - id: hello
                type: exec
                with:
                  script: echo "${{ greeting }} from ${{ host }} on ${{ port }}" > "${{ host }}.out"
            """;

    private static final String INVENTORY = """
            vars:
              greeting: hello
            groups:
              lab:
                vars: {port: 2222, greeting: hey}
            hosts:
              gusto:
                groups: [lab]
              grief:
              genoa:
                groups: [lab]
                vars: {port: 2200}
            """;

    @Test
    void eachHostRunsWithItsOwnVariablesInPrecedenceOrder() throws Exception {
        write("pb.yaml", PLAYBOOK);
        write("hosts.yaml", INVENTORY);

        CommandResult result = nixboot(directory, "run", "pb.yaml", "--inventory", "hosts.yaml");

        assertThat(result.code()).as(result.err() + result.out()).isZero();
        // The file's vars, then the group's, then the host's own; the host's name is its `host`.
        assertThat(read("gusto.out")).isEqualTo("hey from gusto on 2222\n");
        assertThat(read("grief.out")).isEqualTo("hello from grief on 22\n");
        assertThat(read("genoa.out")).isEqualTo("hey from genoa on 2200\n");
        assertThat(result.out())
                .contains("gusto: succeeded", "grief: succeeded", "genoa: succeeded")
                .containsPattern("\\ngusto/hello +exec +succeeded")
                .containsPattern("\\ngenoa/hello +exec +succeeded");
    }

    @Test
    void theCommandLineWinsOverTheInventoryAndLimitChoosesHostsAndGroups() throws Exception {
        write("pb.yaml", PLAYBOOK);
        write("hosts.yaml", INVENTORY);

        CommandResult result = nixboot(
                directory, "run", "pb.yaml", "--inventory", "hosts.yaml", "--limit", "lab", "--var", "greeting=yo");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(read("gusto.out")).isEqualTo("yo from gusto on 2222\n");
        assertThat(read("genoa.out")).isEqualTo("yo from genoa on 2200\n");
        assertThat(directory.resolve("grief.out")).doesNotExist();
    }

    @Test
    void aWrongValueInTheInventoryNamesItsLineAndNothingRunsForAnyHost() throws Exception {
        write("pb.yaml", PLAYBOOK);
        write("hosts.yaml", INVENTORY.replace("{port: 2200}", "{port: 70000}"));

        CommandResult result = nixboot(directory, "run", "pb.yaml", "--inventory", "hosts.yaml");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err())
                .contains("host genoa:\nhosts.yaml:12:18: port: must be at most 65535, not 70000")
                .doesNotContain("Exception");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("pb.yaml", "hosts.yaml");
        }
    }

    @Test
    void aSecretFromTheInventoryIsNeverShownInItsError() throws Exception {
        write("pb.yaml", PLAYBOOK.replace("secret: true}", "secret: true, pattern: '[a-z]+'}"));
        write("hosts.yaml", INVENTORY.replace("grief:\n", "grief:\n    vars: {secret_word: Zq9-Secret}\n"));

        CommandResult result = nixboot(directory, "validate", "pb.yaml", "--inventory", "hosts.yaml");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("hosts.yaml:", "secret_word").doesNotContain("Zq9-Secret");
    }

    @Test
    void mistakesInTheInventoryItselfAreReportedAllAtOnceWithTheirPlaces() throws Exception {
        write("pb.yaml", PLAYBOOK);
        write("hosts.yaml", """
                groups:
                  lab: {vars: {port: 1}}
                hosts:
                  gusto:
                    groups: [labs]
                  "bad/name": {}
                  grief:
                    var: {port: 1}
                """);

        CommandResult result = nixboot(directory, "validate", "pb.yaml", "--inventory", "hosts.yaml");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err())
                .contains("hosts.yaml:5:14: hosts.gusto.groups: no group 'labs' under groups: (did you mean 'lab'?)")
                .contains("hosts.yaml:6:3: hosts.bad/name: 'bad/name' is not a valid host name")
                .contains("hosts.yaml:8:5: hosts.grief.var: unknown key 'var'")
                .contains("3 problems");
    }

    @Test
    void limitNamingNoHostIsAUsageError() throws Exception {
        write("pb.yaml", PLAYBOOK);
        write("hosts.yaml", INVENTORY);

        CommandResult result = nixboot(directory, "run", "pb.yaml", "--inventory", "hosts.yaml", "--limit", "gustoo");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--limit gustoo: no such host or group", "did you mean 'gusto'?");
    }

    @Test
    void stepsHoldingOneLockNeverOverlapAcrossHostsAndEachHostsSequenceRunsWhole() throws Exception {
        // Each host appends to one journal under the lock: start, a pause, end, for two steps in a row.
        write("pb.yaml", """
                name: journal
                vars:
                  host: {type: string, required: true}
                steps:
                  - id: first
                    type: exec
                    lock: journal
                    with:
                      script: echo "${{ host }} first start" >> journal; sleep 0.3; echo "${{ host }} first end" >> journal
                  - id: second
                    type: exec
                    lock: journal
                    with:
                      script: echo "${{ host }} second start" >> journal; sleep 0.2; echo "${{ host }} second end" >> journal
                """);
        StringBuilder hosts = new StringBuilder("hosts:\n");
        for (int i = 1; i <= 4; i++) {
            hosts.append("  h").append(i).append(":\n");
        }
        write("hosts.yaml", hosts.toString());

        CommandResult result =
                nixboot(directory, "run", "pb.yaml", "--inventory", "hosts.yaml", "--parallel-hosts", "4");

        assertThat(result.code()).as(result.err()).isZero();
        List<String> journal = Files.readAllLines(directory.resolve("journal"));
        assertThat(journal).hasSize(16);
        for (int i = 0; i < journal.size(); i += 4) {
            String host = journal.get(i).split(" ")[0];
            assertThat(journal.subList(i, i + 4))
                    .as("one host's locked steps in a row")
                    .containsExactly(
                            host + " first start", host + " first end", host + " second start", host + " second end");
        }
        assertThat(result.out()).contains("waiting for lock 'journal', held by h");
    }

    @Test
    void aLockIsNotHeldAcrossTheUnlockedStepsBetweenTwoSectionsOfAHost() throws Exception {
        // Stage, install, commit: the install of each host waits (bounded) until every host has staged. Were the lock
        // held from stage to commit, the second host could stage only after the first host's commit, which comes after
        // its install: that install would give up waiting.
        write("pb.yaml", """
                name: sections
                vars:
                  host: {type: string, required: true}
                steps:
                  - id: stage
                    type: exec
                    lock: checkout
                    with:
                      script: touch "${{ host }}.staged"
                  - id: install
                    type: exec
                    with:
                      script: |
                        for i in $(seq 100); do
                          [ -e h1.staged ] && [ -e h2.staged ] && exit 0
                          sleep 0.05
                        done
                        echo "not every host staged within 5 s" >&2
                        exit 1
                  - id: commit
                    type: exec
                    lock: checkout
                    with:
                      script: echo "${{ host }} commit start" >> journal; sleep 0.2; echo "${{ host }} commit end" >> journal
                  - id: push
                    type: exec
                    lock: checkout
                    with:
                      script: echo "${{ host }} push start" >> journal; sleep 0.2; echo "${{ host }} push end" >> journal
                """);
        write("hosts.yaml", "hosts:\n  h1:\n  h2:\n");

        CommandResult result =
                nixboot(directory, "run", "pb.yaml", "--inventory", "hosts.yaml", "--parallel-hosts", "2");

        assertThat(result.code()).as(result.err() + result.out()).isZero();
        // Commit and push need each other directly: one section, never split by the other host.
        List<String> journal = Files.readAllLines(directory.resolve("journal"));
        assertThat(journal).hasSize(8);
        for (int i = 0; i < journal.size(); i += 4) {
            String host = journal.get(i).split(" ")[0];
            assertThat(journal.subList(i, i + 4))
                    .as("one host's commit and push in a row")
                    .containsExactly(
                            host + " commit start", host + " commit end", host + " push start", host + " push end");
        }
    }

    /** Each host touches HOST.done, but the host named bad fails. */
    private static final String FAILS_ON_BAD = """
            name: fail on bad
            vars:
              host: {type: string, required: true}
            steps:
              - id: work
                type: exec
                with:
                  script: test "${{ host }}" != bad && touch "${{ host }}.done"
            """;

    @Test
    void oneFailingHostLetsTheOthersFinishAndTheExitCodeSaysSo() throws Exception {
        write("pb.yaml", FAILS_ON_BAD);
        write("hosts.yaml", "hosts:\n  a:\n  bad:\n  c:\n");

        CommandResult result =
                nixboot(directory, "run", "pb.yaml", "--inventory", "hosts.yaml", "--parallel-hosts", "1");

        assertThat(result.code()).isEqualTo(ExitCode.STEP_FAILED);
        assertThat(directory.resolve("a.done")).exists();
        assertThat(directory.resolve("c.done")).exists();
        assertThat(result.out()).contains("a: succeeded", "bad: FAILED", "c: succeeded");
    }

    @Test
    void failFastStartsNoFurtherHost() throws Exception {
        write("pb.yaml", FAILS_ON_BAD);
        write("hosts.yaml", "hosts:\n  bad:\n  b:\n  c:\n");

        CommandResult result = nixboot(
                directory, "run", "pb.yaml", "--inventory", "hosts.yaml", "--parallel-hosts", "1", "--fail-fast");

        assertThat(result.code()).isEqualTo(ExitCode.STEP_FAILED);
        assertThat(directory.resolve("b.done")).doesNotExist();
        assertThat(result.out()).contains("bad: FAILED", "b: not started", "c: not started");
    }

    @Test
    void resumeContinuesEachHostFromItsOwnState() throws Exception {
        // 'second' fails for a host until its flag file exists; resume must skip 'first' per host.
        write("pb.yaml", """
                name: resume
                vars:
                  host: {type: string, required: true}
                steps:
                  - id: first
                    type: exec
                    with:
                      script: echo x >> "${{ host }}.first"
                  - id: second
                    type: exec
                    with:
                      script: test -e "${{ host }}.ok"
                """);
        write("hosts.yaml", "hosts:\n  a:\n  b:\n");
        write("a.ok", "");

        CommandResult first = nixboot(directory, "run", "pb.yaml", "--inventory", "hosts.yaml");
        assertThat(first.code()).isEqualTo(ExitCode.STEP_FAILED);
        write("b.ok", "");
        CommandResult resumed = nixboot(directory, "run", "pb.yaml", "--inventory", "hosts.yaml", "--resume");

        assertThat(resumed.code()).as(resumed.err() + resumed.out()).isZero();
        assertThat(Files.readAllLines(directory.resolve("a.first"))).hasSize(1);
        assertThat(Files.readAllLines(directory.resolve("b.first"))).hasSize(1);
        assertThat(directory.resolve(".nixboot/hosts/a")).isDirectory();
        assertThat(directory.resolve(".nixboot/hosts/b")).isDirectory();
    }

    @Test
    void dryRunAndJsonEventsCarryTheHost() throws Exception {
        write("pb.yaml", PLAYBOOK);
        write("hosts.yaml", INVENTORY);

        CommandResult plan = nixboot(directory, "run", "pb.yaml", "--inventory", "hosts.yaml", "--dry-run");
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(plan.out())
                .contains(
                        "== host gusto ==",
                        "== host grief ==",
                        "== host genoa ==",
                        "hey from gusto on 2222",
                        "hello from grief on 22");
        assertThat(directory.resolve("gusto.out")).doesNotExist();

        CommandResult json = nixboot(directory, "run", "pb.yaml", "--inventory", "hosts.yaml", "--output", "json");
        assertThat(json.code()).as(json.err()).isZero();
        List<JsonNode> events = new ArrayList<>();
        for (String line : json.out().split("\n")) {
            events.add(JSON.readTree(line));
        }
        assertThat(events)
                .allSatisfy(event -> assertThat(event.path("host").asText()).isIn("gusto", "grief", "genoa"));
        assertThat(events.stream()
                        .filter(e -> e.get("event").asText().equals("run_finished"))
                        .map(e -> e.get("host").asText()))
                .containsExactlyInAnyOrder("gusto", "grief", "genoa");
    }

    @Test
    void questionsOfManyHostsComeOneAtATimeEachNamingItsHost() throws Exception {
        write("pb.yaml", """
                name: ask
                vars:
                  host: {type: string, required: true}
                steps:
                  - id: go
                    type: exec
                    confirm: Erase the disk of ${{ host }}?
                    with:
                      script: touch "${{ host }}.erased"
                """);
        write("hosts.yaml", "hosts:\n  a:\n  b:\n  c:\n");
        List<String> asked = new ArrayList<>();
        int[] open = {0};
        Terminal person = new Terminal() {
            @Override
            public String readLine(String prompt) {
                synchronized (asked) {
                    open[0]++;
                    assertThat(open[0]).as("another question is open").isEqualTo(1);
                    asked.add(prompt);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (asked) {
                    open[0]--;
                }
                return prompt.startsWith("b:") ? "n" : "y";
            }

            @Override
            public String readPassword(String prompt) {
                throw new AssertionError("no secret is asked");
            }
        };
        Invocation invocation = CommandResult.invocation(directory, () -> Optional.of(person));

        CommandResult result = CommandResult.nixboot(
                invocation, "run", "pb.yaml", "--inventory", "hosts.yaml", "--parallel-hosts", "3");

        assertThat(asked)
                .containsExactlyInAnyOrder(
                        "a: Erase the disk of a? [y/N] ",
                        "b: Erase the disk of b? [y/N] ",
                        "c: Erase the disk of c? [y/N] ");
        assertThat(directory.resolve("a.erased")).exists();
        assertThat(directory.resolve("b.erased")).doesNotExist();
        assertThat(directory.resolve("c.erased")).exists();
        assertThat(result.code()).isEqualTo(ExitCode.STEP_FAILED);
    }

    private void write(String name, String text) throws Exception {
        Files.writeString(directory.resolve(name), text);
    }

    private String read(String name) throws Exception {
        return Files.readString(directory.resolve(name));
    }
}
