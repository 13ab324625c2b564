package dev.nixboot.steps.sops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.sops.SopsRecipientsParameters.KeyGroup;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Golden files under src/test/resources/sops/CASE: input.yaml edited as the test asks must give expected.yaml byte
 * for byte, and editing expected.yaml again must change nothing.
 */
class SopsRecipientsStepTest {
    static final String TA = "age1fkpcfj0yfck9hsf7f47r84ph7ewvmtdgtsz78kehzxwvqyyr9elq3h72rn";
    static final String GUSTO = "age1jafgswrqt36ujfp5zd2hrkjn3hgsyjlpujvfhr0cfc87vh5gzdcqgy25yv";
    static final String GRIEF = "age1wl3n5w589nhuuhm90dr56lwyg7fyuetgqd34glv6j7tqk2yh65zs36qvha";
    static final String SORROW = "age1mxzncv92y32wnlqqt2zyewn5wzn82ha5jts7kf2zjv4knphcaulqx8tzms";
    static final String NEW_GUSTO = "age144m0fwuzegjjq74y25h94rs74gr28tg3xy4kthealz0ljw6yl33stgh6v7";
    static final String MEDIA = "age132avskqhypyctt4x9zdxm9ln3nms6y86226gda22y75tfepmpfhs692kfs";

    private final SopsRecipientsStep step = new SopsRecipientsStep();

    @TempDir
    Path dir;

    @Test
    void addsAHostToTheMapShapeWithItsOwnRuleAndTheSharedOne() throws Exception {
        StepResult result = golden("map-add-host", host("sorrow", SORROW, null));
        assertThat(result.outputs().get("entry")).isEqualTo("added");
        assertThat(result.outputs().get("rules_updated")).isEqualTo(List.of("shared\\.yaml$"));
        assertThat(result.outputs().get("rules_created")).isEqualTo(List.of("sorrow\\.yaml$"));
        assertThat(recipients("map-add-host", "shared\\.yaml$")).containsExactly(TA, GUSTO, GRIEF, SORROW);
        assertThat(recipients("map-add-host", "sorrow\\.yaml$")).containsExactly(TA, SORROW);
        assertThat(recipients("map-add-host", "grief\\.yaml$")).containsExactly(TA, GRIEF);
    }

    @Test
    void replacesTheKeyOfAnExistingNameInPlace() throws Exception {
        StepResult result = golden("map-replace", host("gusto", NEW_GUSTO, null));
        assertThat(result.outputs().get("entry")).isEqualTo("replaced");
        assertThat(result.outputs().get("rules_updated")).isEqualTo(List.of());
        assertThat(result.outputs().get("rules_created")).isEqualTo(List.of());
        assertThat(recipients("map-replace", "shared\\.yaml$")).containsExactly(TA, NEW_GUSTO, GRIEF);
        assertThat(recipients("map-replace", "gusto\\.yaml$")).containsExactly(TA, NEW_GUSTO);
    }

    @Test
    void addsAHostToTheOlderListShapeInBlockStyle() throws Exception {
        StepResult result = golden("list-add-host", host("sorrow", SORROW, List.of("secrets.yaml$", "sorrow\\.yaml$")));
        assertThat(result.outputs().get("rules_updated")).isEqualTo(List.of("secrets.yaml$"));
        assertThat(recipients("list-add-host", "secrets.yaml$")).containsExactly(TA, GRIEF, GUSTO, SORROW);
        assertThat(recipients("list-add-host", "sorrow\\.yaml$")).containsExactly(TA, SORROW);
    }

    @Test
    void givesANewRuleInAFlatListTheKeysEveryRuleShares() throws Exception {
        golden("flat-add-host", host("sorrow", SORROW, List.of("secrets/shared\\.yaml$", "secrets/sorrow/[^/]+$")));
        assertThat(recipients("flat-add-host", "secrets/sorrow/[^/]+$")).containsExactly(TA, SORROW);
        assertThat(recipients("flat-add-host", "secrets/shared\\.yaml$")).containsExactly(TA, GUSTO, SORROW);
    }

    @Test
    void addsAUserKeyToEveryExistingRule() throws Exception {
        StepResult result = golden(
                "map-add-user", new SopsRecipientsParameters(".sops.yaml", "media", MEDIA, KeyGroup.USERS, null, null));
        assertThat(result.outputs().get("rules_updated"))
                .isEqualTo(List.of("shared\\.yaml$", "gusto\\.yaml$", "grief\\.yaml$"));
        assertThat(recipients("map-add-user", "grief\\.yaml$")).containsExactly(TA, GRIEF, MEDIA);
    }

    @Test
    void keepsWindowsLineEndings() throws Exception {
        golden("crlf", host("sorrow", SORROW, null));
        assertThat(read("crlf/expected.yaml").replace("\r\n", "")).doesNotContain("\n");
    }

    @Test
    void writesANewFileWhenThereIsNone() throws Exception {
        StepResult result = ThisProcess.testKit().workingDirectory(dir).execute(step, host("gusto", GUSTO, null));
        assertThat(result.failure()).isNull();
        assertThat(result.outputs().get("changed")).isEqualTo(true);
        assertThat(Files.readString(dir.resolve(".sops.yaml"))).isEqualTo(read("new-file/expected.yaml"));
    }

    @Test
    void appendsToAFlatFlowListAndItsFlowRules() throws Exception {
        Files.writeString(
                dir.resolve(".sops.yaml"),
                "keys: [&admin " + TA + "] # one admin\ncreation_rules:\n"
                        + "  - path_regex: shared\\.yaml$\n    key_groups: [{age: [*admin]}]\n");
        StepResult result = ThisProcess.testKit()
                .workingDirectory(dir)
                .execute(step, host("sorrow", SORROW, List.of("shared\\.yaml$")));
        assertThat(result.failure()).isNull();
        assertThat(Files.readString(dir.resolve(".sops.yaml")))
                .isEqualTo("keys: [&admin " + TA + ", &sorrow " + SORROW
                        + "] # one admin\ncreation_rules:\n  - path_regex: shared\\.yaml$\n"
                        + "    key_groups: [{age: [*admin, *sorrow]}]\n");
    }

    @Test
    void editsTheFileBehindASymlink() throws Exception {
        Path real = Files.createDirectories(dir.resolve("secrets")).resolve("sops.yaml");
        Files.writeString(real, read("map-add-host/input.yaml"));
        Files.createSymbolicLink(dir.resolve(".sops.yaml"), real);
        StepResult result = ThisProcess.testKit().workingDirectory(dir).execute(step, host("sorrow", SORROW, null));
        assertThat(result.failure()).isNull();
        assertThat(Files.isSymbolicLink(dir.resolve(".sops.yaml"))).isTrue();
        assertThat(Files.readString(real)).isEqualTo(read("map-add-host/expected.yaml"));
    }

    @Test
    void refusesInvalidYamlAndChangesNothing() throws Exception {
        String broken = "keys:\n  hosts:\n    - &gusto " + GUSTO + "\n   - oops: [\n";
        assertRefusedUnchanged(broken, "not valid YAML: ");
    }

    @Test
    void refusesAnUnknownShapeAndChangesNothing() throws Exception {
        assertRefusedUnchanged(
                "keys:\n  hosts: " + GUSTO + "\ncreation_rules: []\n",
                "unknown .sops.yaml shape: `keys` is a mapping, but not of group names to lists of keys");
        assertRefusedUnchanged("keys:\n  - &a " + TA + "\n  - {hosts: []}\n", "unknown .sops.yaml shape");
        assertRefusedUnchanged("keys: {}\n", "unknown .sops.yaml shape: `keys` is an empty mapping");
    }

    @Test
    void appendsTheKeyToARuleThatListsItsKeysAsACommaSeparatedString() throws Exception {
        Path file = dir.resolve(".sops.yaml");
        Files.writeString(
                file,
                "keys:\n  hosts:\n    - &gusto " + GUSTO + "\ncreation_rules:\n"
                        + "  - path_regex: shared\\.yaml$\n    age: \"" + GUSTO + "\"\n");

        StepResult result = ThisProcess.testKit()
                .workingDirectory(dir)
                .execute(step, host("sorrow", SORROW, List.of("shared\\.yaml$")));

        assertThat(result.failure()).isNull();
        assertThat(Files.readString(file))
                .isEqualTo("keys:\n  hosts:\n    - &gusto " + GUSTO + "\n    - &sorrow "
                        + SORROW + "\ncreation_rules:\n  - path_regex: shared\\.yaml$\n    age: \"" + GUSTO + ","
                        + SORROW
                        + "\"\n");
    }

    @Test
    void errorsNameTheFileAndLineAndNeverInternalRecords() throws Exception {
        assertRefusedUnchanged(
                "keys:\n  - &a " + TA + "\n  - {hosts: []}\n",
                ".sops.yaml:3: unknown .sops.yaml shape: `keys` is a list that mixes keys and groups of keys");
        String emptyAgeList = "creation_rules:\n  - path_regex: sops/ssh-config\n    key_groups:\n"
                + "      - age: []\n        pgp: [ABCDEF0123456789ABCDEF0123456789ABCDEF01]\n";
        Files.writeString(dir.resolve(".sops.yaml"), emptyAgeList);
        StepResult result = ThisProcess.testKit()
                .workingDirectory(dir)
                .execute(
                        step,
                        new SopsRecipientsParameters(
                                ".sops.yaml", "sorrow", SORROW, KeyGroup.HOSTS, List.of("sops/ssh-config"), null));
        assertThat(result.failure())
                .hasMessageStartingWith(".sops.yaml:2: the rule for sops/ssh-config (line 2): its"
                        + " first key group takes its age keys from a merge (<<) or an empty list");
        assertThat(result.failure().getMessage()).doesNotContain("Scalar[").doesNotContain("anchor=");
        assertThat(Files.readString(dir.resolve(".sops.yaml"))).isEqualTo(emptyAgeList);
    }

    @Test
    void refusesDuplicateKeys() throws Exception {
        assertRefusedUnchanged("keys:\n  hosts: []\nkeys:\n  users: []\n", "not valid YAML: ");
    }

    private void assertRefusedUnchanged(String text, String message) throws IOException {
        Path file = dir.resolve(".sops.yaml");
        Files.writeString(file, text);
        StepResult result = ThisProcess.testKit().workingDirectory(dir).execute(step, host("sorrow", SORROW, null));
        assertThat(result.failure()).hasMessageContaining(message).hasMessageEndingWith("(file unchanged)");
        assertThat(Files.readString(file)).isEqualTo(text);
    }

    /** Edits CASE/input.yaml, compares with CASE/expected.yaml, then re-runs on the result: byte-identical. */
    private StepResult golden(String name, SopsRecipientsParameters parameters) throws IOException {
        Path file = dir.resolve(".sops.yaml");
        Files.writeString(file, read(name + "/input.yaml"));
        StepTestKit kit = ThisProcess.testKit().workingDirectory(dir);
        StepResult result = kit.execute(step, parameters);
        assertThat(result.failure()).isNull();
        assertThat(result.outputs().get("changed")).isEqualTo(true);
        assertThat(Files.readString(file)).isEqualTo(read(name + "/expected.yaml"));

        long modified = Files.getLastModifiedTime(file).toMillis();
        StepResult again = kit.execute(step, parameters);
        assertThat(again.outputs().get("changed")).isEqualTo(false);
        assertThat(again.outputs().get("entry")).isEqualTo("unchanged");
        assertThat(Files.readString(file)).isEqualTo(read(name + "/expected.yaml"));
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
        return result;
    }

    /** The recipients a rule of CASE/expected.yaml resolves to when sops-like code loads it (anchors resolved). */
    private static List<String> recipients(String name, String regex) throws IOException {
        Map<?, ?> config = new Yaml(new SafeConstructor(new LoaderOptions())).load(read(name + "/expected.yaml"));
        for (Object rule : (List<?>) config.get("creation_rules")) {
            Map<?, ?> map = (Map<?, ?>) rule;
            if (regex.equals(map.get("path_regex"))) {
                List<?> age = (List<?>) ((Map<?, ?>) ((List<?>) map.get("key_groups")).get(0)).get("age");
                return age.stream().map(String::valueOf).toList();
            }
        }
        throw new AssertionError("no rule " + regex);
    }

    private static SopsRecipientsParameters host(String name, String key, List<String> rules) {
        return new SopsRecipientsParameters(".sops.yaml", name, key, KeyGroup.HOSTS, rules, null);
    }

    static String read(String resource) throws IOException {
        try (InputStream in = SopsRecipientsStepTest.class.getResourceAsStream("/sops/" + resource)) {
            if (in == null) {
                throw new AssertionError("missing test resource sops/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
