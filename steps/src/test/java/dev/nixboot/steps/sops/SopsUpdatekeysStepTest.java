package dev.nixboot.steps.sops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** sops.updatekeys against the fake-sops fixture, which records how it is called. */
@Timeout(60)
class SopsUpdatekeysStepTest {
    private static final String ENCRYPTED = "password: ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]\n"
            + "sops:\n    mac: ENC[AES256_GCM,data:xyz,iv:uvw,tag:rst,type:str]\n";

    @TempDir
    Path dir;

    private Path repo;
    private Path bin;
    private Path log;

    @BeforeEach
    void setUp() throws Exception {
        repo = Files.createDirectories(dir.resolve("nix-secrets"));
        bin = Files.createDirectories(dir.resolve("bin"));
        log = dir.resolve("sops-calls.log");
        Path sops = bin.resolve("sops");
        Files.writeString(sops, SopsRecipientsStepTest.read("fake-sops/sops"));
        Files.setPosixFilePermissions(sops, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(repo.resolve(".sops.yaml"), """
                keys:
                  hosts:
                    - &gusto age1jafgswrqt36ujfp5zd2hrkjn3hgsyjlpujvfhr0cfc87vh5gzdcqgy25yv
                creation_rules:
                  - path_regex: shared\\.yaml$
                    key_groups:
                      - age: [*gusto]
                  - path_regex: hosts/[^/]+\\.yaml$
                    key_groups:
                      - age: [*gusto]
                """);
        Files.writeString(repo.resolve("shared.yaml"), ENCRYPTED);
        Files.createDirectories(repo.resolve("hosts"));
        Files.writeString(repo.resolve("hosts/gusto.yaml"), ENCRYPTED);
        Files.writeString(repo.resolve("hosts/draft.yaml"), "password: not yet encrypted\n");
        Files.writeString(repo.resolve("hosts/notes.txt"), ENCRYPTED);
        Files.writeString(repo.resolve("README.md"), "secrets\n");
        Files.createDirectories(repo.resolve(".git"));
        Files.writeString(repo.resolve(".git/shared.yaml"), ENCRYPTED);
    }

    @Test
    void runsUpdatekeysOnEveryEncryptedFileTheRulesCover() throws Exception {
        StepResult result = kit().execute(
                        new SopsUpdatekeysStep(),
                        new SopsUpdatekeysParameters(
                                "nix-secrets", ".sops.yaml", null, Map.of("SOPS_AGE_KEY_FILE", "/keys/admin.txt")));
        assertThat(result.failure()).isNull();
        assertThat(result.outputs().get("files")).isEqualTo(List.of("hosts/gusto.yaml", "shared.yaml"));
        assertThat(result.outputs().get("count")).isEqualTo(2);
        assertThat(Files.readString(log)).isEqualTo(call("hosts/gusto.yaml") + call("shared.yaml"));
        assertThat(result.text(StepResult.Stream.INFO))
                .contains("skipped hosts/draft.yaml: a rule covers it, but sops has not encrypted it");
        assertThat(result.text(StepResult.Stream.STDERR)).contains("File shared.yaml synced with new keys");
    }

    @Test
    void runsOnlyTheNamedFilesWhenGiven() throws Exception {
        StepResult result = kit().execute(
                        new SopsUpdatekeysStep(),
                        new SopsUpdatekeysParameters(
                                "nix-secrets",
                                ".sops.yaml",
                                List.of("shared.yaml"),
                                Map.of("SOPS_AGE_KEY_FILE", "/keys/admin.txt")));
        assertThat(result.outputs().get("files")).isEqualTo(List.of("shared.yaml"));
        assertThat(Files.readString(log)).isEqualTo(call("shared.yaml"));
    }

    @Test
    void reportsWhatSopsSaidWhenItFails() throws Exception {
        StepResult result = kit().environment("FAKE_SOPS_FAIL_ON", "shared.yaml")
                .execute(
                        new SopsUpdatekeysStep(),
                        new SopsUpdatekeysParameters("nix-secrets", ".sops.yaml", null, Map.of()));
        assertThat(result.failure())
                .hasMessage("sops updatekeys shared.yaml exited 128: Failed to get the data key "
                        + "required to decrypt the SOPS file. (already updated: hosts/gusto.yaml)");
    }

    @Test
    void saysSopsIsMissingWhenItIsNotOnPath() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty-bin"));
        StepResult result = ThisProcess.testKit()
                .workingDirectory(dir)
                .execute(
                        new SopsUpdatekeysStep(),
                        new SopsUpdatekeysParameters(
                                "nix-secrets", ".sops.yaml", null, Map.of("PATH", empty.toString())));
        assertThat(result.failure())
                .hasMessage("sops is not installed (no sops on PATH); install it from "
                        + "https://github.com/getsops/sops or put its directory on PATH");
    }

    @Test
    void refusesAConfigWithoutRules() throws Exception {
        Files.writeString(repo.resolve(".sops.yaml"), "keys: []\n");
        StepResult result = kit().execute(
                        new SopsUpdatekeysStep(),
                        new SopsUpdatekeysParameters("nix-secrets", ".sops.yaml", null, Map.of()));
        assertThat(result.failure()).hasMessage(repo.resolve(".sops.yaml") + ": has no creation_rules list");
        assertThat(log).doesNotExist();
    }

    @Test
    void planStartsNothing() {
        StepTestKit kit = kit();
        assertThat(kit.plan(
                                new SopsUpdatekeysStep(),
                                new SopsUpdatekeysParameters(
                                        "nix-secrets", ".sops.yaml", List.of("shared.yaml"), Map.of()))
                        .actions())
                .containsExactly("run: sops updatekeys -y shared.yaml (in " + repo + ")");
        assertThat(log).doesNotExist();
    }

    /** The fixture is found first on PATH, as a user's sops would be. */
    private StepTestKit kit() {
        return ThisProcess.testKit()
                .workingDirectory(dir)
                .environment("PATH", bin + ":" + System.getenv("PATH"))
                .environment("FAKE_SOPS_LOG", log.toString());
    }

    private String call(String file) {
        return "call\ncwd=" + repo + "\narg=updatekeys\narg=-y\narg=" + file + "\nSOPS_AGE_KEY_FILE=/keys/admin.txt\n";
    }
}
