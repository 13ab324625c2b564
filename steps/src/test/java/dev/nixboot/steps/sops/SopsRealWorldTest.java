package dev.nixboot.steps.sops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.sops.SopsConfigReading.Rule;
import dev.nixboot.steps.sops.SopsRecipientsParameters.KeyGroup;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * sops.recipients on real .sops.yaml files from public NixOS configurations (src/test/resources/sops/real-world, each
 * with its source in a header comment). Results are read the way sops reads them ({@link SopsConfigReading}, written
 * from getsops/sops config/config.go apart from the step's code) and checked with the real {@code age}: every age list
 * of every rule is handed to {@code age -e} as sops would hand it, so a PGP fingerprint or anything else that is no
 * age recipient fails the test, and the keys that should decrypt are tried with {@code age -d}.
 */
class SopsRealWorldTest {
    @TempDir
    static Path keys;

    private static Identity host;

    @TempDir
    Path dir;

    private final SopsRecipientsStep step = new SopsRecipientsStep();

    /** An age key pair made by age-keygen: the identity file and its recipient. */
    private record Identity(Path file, String recipient) {
        static Identity generate(Path directory, String name) throws Exception {
            Path file = directory.resolve(name + ".txt");
            run(directory, null, "age-keygen", "-o", file.toString());
            return new Identity(
                    file,
                    run(directory, null, "age-keygen", "-y", file.toString()).strip());
        }
    }

    @BeforeAll
    static void generateHostKey() throws Exception {
        host = Identity.generate(keys, "newhost");
    }

    static Stream<String> configs() throws Exception {
        Path directory =
                Path.of(SopsRealWorldTest.class.getResource("/sops/real-world").toURI());
        try (Stream<Path> files = Files.list(directory)) {
            List<String> names =
                    files.map(f -> f.getFileName().toString()).sorted().toList();
            assertThat(names).hasSizeGreaterThanOrEqualTo(10);
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void aNewHostCanReadItsRulesAndNobodyLosesAccess(String config) throws Exception {
        String original = real(config);
        Path file = dir.resolve(".sops.yaml");
        Files.writeString(file, original);

        StepResult result = execute(
                new SopsRecipientsParameters(".sops.yaml", "newhost", host.recipient(), KeyGroup.HOSTS, null, null));

        assertThat(result.failure()).as(config).isNull();
        String edited = Files.readString(file);
        List<Rule> before = SopsConfigReading.rules(original);
        List<Rule> after = SopsConfigReading.rules(edited);
        for (Rule was : before) {
            Rule now = rule(after, was.regex());
            assertThat(now.age()).as(config + ": " + was.regex()).containsAll(was.age());
            assertThat(now.pgp()).as(config + ": " + was.regex()).containsAll(was.pgp());
        }
        for (String target : List.of("shared\\.yaml$", "newhost\\.yaml$")) {
            assertThat(rule(after, target).groups().get(0).age())
                    .as(config + ": " + target)
                    .contains(host.recipient());
        }
        for (Rule rule : after) {
            assertThat(rule.pgp()).as(config + ": pgp of " + rule.regex()).allMatch(key -> key.replace(" ", "")
                    .matches("[0-9A-Fa-f]{16,40}"));
            byte[] encrypted = encrypt(rule);
            if (rule.age().contains(host.recipient())) {
                assertThat(decrypt(encrypted, host))
                        .as(config + ": " + rule.regex())
                        .isTrue();
            }
        }
        assertThat(execute(new SopsRecipientsParameters(
                                ".sops.yaml", "newhost", host.recipient(), KeyGroup.HOSTS, null, null))
                        .outputs()
                        .get("changed"))
                .as(config + " again")
                .isEqualTo(false);
    }

    @Test
    void pgpKeysOfTheUsersGroupGoUnderPgpInNewRules() throws Exception {
        Files.writeString(dir.resolve(".sops.yaml"), real("15cm-nixfiles.yaml"));

        StepResult result = execute(
                new SopsRecipientsParameters(".sops.yaml", "newhost", host.recipient(), KeyGroup.HOSTS, null, null));

        Rule created = rule(SopsConfigReading.rules(Files.readString(dir.resolve(".sops.yaml"))), "newhost\\.yaml$");
        assertThat(created.groups()).singleElement().satisfies(group -> {
            assertThat(group.age()).containsExactly(host.recipient());
            assertThat(group.pgp()).containsExactly("E51ECE14AD2CBB96D4FC42E25C8651C428B9DF03");
        });
        assertThat(result.text(StepResult.Stream.INFO))
                .contains("notice: .sops.yaml: new rules list &sinkerine under"
                        + " pgp: it is a PGP fingerprint, not an age key");
    }

    @Test
    void aPgpOnlyRuleElsewhereDoesNotStopTheEditAndCanBeGivenAnAgeKey() throws Exception {
        Files.writeString(dir.resolve(".sops.yaml"), real("0xB10C-nix-ci-bitcoin-core.yaml"));

        StepResult result = execute(new SopsRecipientsParameters(
                ".sops.yaml",
                "newhost",
                host.recipient(),
                KeyGroup.HOSTS,
                List.of("sops/ssh-config", "sops/runner01\\.yaml"),
                null));

        assertThat(result.failure()).isNull();
        List<Rule> rules = SopsConfigReading.rules(Files.readString(dir.resolve(".sops.yaml")));
        assertThat(rule(rules, "sops/ssh-config").groups().get(0).age()).containsExactly(host.recipient());
        assertThat(rule(rules, "sops/ssh-config").pgp()).hasSize(2);
        assertThat(decrypt(encrypt(rule(rules, "sops/runner01\\.yaml")), host)).isTrue();
    }

    @Test
    void aConfigWithoutKeysGivesNewRulesTheRecipientsEveryRuleSharesAndSaysSo() throws Exception {
        String original = real("1sixth-flakes.yaml");
        Files.writeString(dir.resolve(".sops.yaml"), original);
        List<String> shared = SopsConfigReading.rules(original).get(0).age();

        StepResult result = execute(
                new SopsRecipientsParameters(".sops.yaml", "newhost", host.recipient(), KeyGroup.HOSTS, null, null));

        List<Rule> rules = SopsConfigReading.rules(Files.readString(dir.resolve(".sops.yaml")));
        for (String created : List.of("shared\\.yaml$", "newhost\\.yaml$")) {
            assertThat(rule(rules, created).age())
                    .containsExactlyElementsOf(Stream.concat(shared.stream(), Stream.of(host.recipient()))
                            .toList());
        }
        assertThat(rules.get(rules.size() - 1).regex())
                .as("the catch-all stays last")
                .isEmpty();
        assertThat(result.text(StepResult.Stream.INFO))
                .contains("new rules also list " + shared.get(0) + ", which every existing rule lists");
    }

    @Test
    void theCatchAllRuleWithoutPathRegexCanBeTargetedEvenAsAFoldedString() throws Exception {
        Files.writeString(dir.resolve(".sops.yaml"), real("1sixth-flakes.yaml"));

        StepResult result = execute(new SopsRecipientsParameters(
                ".sops.yaml", "newhost", host.recipient(), KeyGroup.HOSTS, List.of(""), null));

        assertThat(result.failure()).isNull();
        assertThat(result.outputs().get("rules_updated")).isEqualTo(List.of(""));
        Rule catchAll = SopsConfigReading.rules(Files.readString(dir.resolve(".sops.yaml")))
                .get(0);
        assertThat(catchAll.age()).hasSize(3).endsWith(host.recipient());
        assertThat(decrypt(encrypt(catchAll), host)).isTrue();
    }

    @Test
    void rotationReplacesTheOldKeyInCommaSeparatedStringsTooAndTheOldIdentityReadsNothing() throws Exception {
        Identity old = Identity.generate(dir, "old-kazuki");
        Identity fresh = Identity.generate(dir, "new-kazuki");
        String kazuki = "age1sc2gp8d40y7d9engfqhydg5v6mcg0aj40x3yccndzh7ruxvj63cqcpax76";
        String original = real("15cm-nixfiles.yaml").replace(kazuki, old.recipient());
        Files.writeString(dir.resolve(".sops.yaml"), original);

        StepResult result = execute(new SopsRecipientsParameters(
                ".sops.yaml", "kazuki", fresh.recipient(), KeyGroup.HOSTS, List.of(), null));

        assertThat(result.failure()).isNull();
        assertThat(result.outputs().get("entry")).isEqualTo("replaced");
        String edited = Files.readString(dir.resolve(".sops.yaml"));
        assertThat(edited).doesNotContain(old.recipient());
        List<Rule> before = SopsConfigReading.rules(original);
        List<Rule> after = SopsConfigReading.rules(edited);
        int rotated = 0;
        for (int i = 0; i < before.size(); i++) {
            Rule rule = after.get(i);
            byte[] encrypted = encrypt(rule);
            assertThat(decrypt(encrypted, old)).as(rule.regex()).isFalse();
            if (before.get(i).age().contains(old.recipient())) {
                assertThat(decrypt(encrypted, fresh)).as(rule.regex()).isTrue();
                rotated++;
            }
        }
        assertThat(rotated).isEqualTo(4); // two comma-separated strings and two rules naming *kazuki
    }

    @Test
    void rotationSaysWhereTheOldKeyIsLeftWhenItIsNoRecipientThere() throws Exception {
        Identity old = Identity.generate(dir, "old-tux");
        String tux = "age14vktfes95f33vuefwnmuvryas7az04u76dsgyhfvsx73czkvmp2q7njkl4";
        String original =
                real("0xTux-nixos-config.yaml").replace(tux, old.recipient()) + "# tux was " + old.recipient() + "\n";
        Files.writeString(dir.resolve(".sops.yaml"), original);

        StepResult result = execute(
                new SopsRecipientsParameters(".sops.yaml", "tux", host.recipient(), KeyGroup.USERS, List.of(), null));

        assertThat(result.failure()).isNull();
        int last = original.split("\n").length;
        assertThat(result.text(StepResult.Stream.INFO))
                .contains("notice: .sops.yaml: line " + last + " still holds"
                        + " the old key of &tux, where sops does not read it as a recipient");
        for (Rule rule : SopsConfigReading.rules(Files.readString(dir.resolve(".sops.yaml")))) {
            assertThat(rule.age()).doesNotContain(old.recipient()).contains(host.recipient());
        }
    }

    @Test
    void aRuleThatTakesItsKeysFromAMergeIsRefusedWithItsRegexAndLine() throws Exception {
        // &all merges only the users here, so a key added to the hosts group is not among the rule's keys.
        String original = real("misterio77-nix-config.yaml").replace("<<: [*users, *hosts]", "<<: [*users]");
        Files.writeString(dir.resolve(".sops.yaml"), original);

        StepResult result = execute(new SopsRecipientsParameters(
                ".sops.yaml", "newhost", host.recipient(), KeyGroup.HOSTS, List.of("secrets/[^/]+\\.ya?ml$"), null));

        assertThat(result.failure())
                .hasMessage(".sops.yaml:14: the rule for secrets/[^/]+\\.ya?ml$ (line 14): its"
                        + " first key group takes its age keys from a merge (<<) or an empty list; add *newhost where they"
                        + " are written, or name other rules in rules (file unchanged)");
        assertThat(Files.readString(dir.resolve(".sops.yaml"))).isEqualTo(original);
    }

    @Test
    void aNameDefinedTwiceIsRefusedWithBothLines() throws Exception {
        String original = real("0x5a4-dotfiles.yaml");
        Files.writeString(dir.resolve(".sops.yaml"), original);

        StepResult result = execute(
                new SopsRecipientsParameters(".sops.yaml", "yesmachine", host.recipient(), KeyGroup.HOSTS, null, null));

        assertThat(result.failure())
                .hasMessageStartingWith(".sops.yaml:7: &yesmachine is defined twice (lines 3" + " and 7)");
        assertThat(Files.readString(dir.resolve(".sops.yaml"))).isEqualTo(original);
    }

    private StepResult execute(SopsRecipientsParameters parameters) {
        try (StepTestKit kit = ThisProcess.testKit().workingDirectory(dir)) {
            return kit.execute(step, parameters);
        }
    }

    private static Rule rule(List<Rule> rules, String regex) {
        return rules.stream()
                .filter(r -> r.regex().equals(regex))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no rule " + regex + " in " + rules));
    }

    /** What sops does with a rule's age keys: one age encryption to all of them (age fails on any it cannot use). */
    private byte[] encrypt(Rule rule) throws Exception {
        List<String> command = new ArrayList<>(List.of("age", "-e"));
        rule.age().forEach(recipient -> command.addAll(List.of("-r", recipient)));
        if (rule.age().isEmpty()) {
            return new byte[0];
        }
        Path out = Files.createTempFile(dir, "secret", ".age");
        command.addAll(List.of("-o", out.toString()));
        run(dir, "a secret\n", command.toArray(String[]::new));
        return Files.readAllBytes(out);
    }

    private boolean decrypt(byte[] encrypted, Identity identity) throws Exception {
        if (encrypted.length == 0) {
            return false;
        }
        Path in = Files.createTempFile(dir, "secret", ".age");
        Files.write(in, encrypted);
        Process process = new ProcessBuilder("age", "-d", "-i", identity.file().toString(), in.toString())
                .redirectErrorStream(true)
                .redirectInput(new File("/dev/null"))
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() == 0 && output.equals("a secret\n");
    }

    private static String run(Path directory, String stdin, String... argv) throws Exception {
        Process process = new ProcessBuilder(argv)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", argv) + ": " + output)
                .isZero();
        return output;
    }

    private static String real(String name) throws IOException {
        return SopsRecipientsStepTest.read("real-world/" + name);
    }
}
