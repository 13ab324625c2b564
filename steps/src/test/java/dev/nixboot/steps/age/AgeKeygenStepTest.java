package dev.nixboot.steps.age;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class AgeKeygenStepTest {
    private final AgeKeygenStep step = new AgeKeygenStep();

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void writesAPrivateIdentityFileTheRealAgeCanUse() throws Exception {
        StepResult result = ThisProcess.testKit()
                .workingDirectory(dir)
                .execute(step, new AgeKeygenParameters("sops/age/keys.txt", false));
        assertThat(result.failure()).isNull();
        Path file = dir.resolve("sops/age/keys.txt");
        String recipient = (String) result.outputs().get("recipient");
        assertThat(result.outputs().get("created")).isEqualTo(true);
        assertThat(result.outputs().get("file")).isEqualTo(file.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");

        String[] lines = Files.readString(file).split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).matches("# created: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(lines[1]).isEqualTo("# public key: " + recipient);
        assertThat(lines[2]).startsWith("AGE-SECRET-KEY-1");
        assertThat(result.lines()).noneMatch(line -> line.text().contains(lines[2]));

        assertThat(Command.run(dir, null, "age-keygen", "-y", file.toString()).strip())
                .isEqualTo(recipient);
        Command.run(dir, "hello\n", "age", "-r", recipient, "-o", "m.age");
        assertThat(Command.run(dir, null, "age", "-d", "-i", file.toString(), "m.age"))
                .isEqualTo("hello\n");
    }

    @Test
    @Timeout(60)
    void keepsAnExistingFileAndReportsItsKey() throws Exception {
        Command.run(dir, null, "age-keygen", "-o", "keys.txt");
        byte[] before = Files.readAllBytes(dir.resolve("keys.txt"));
        String expected = Command.run(dir, null, "age-keygen", "-y", "keys.txt").strip();

        StepResult result =
                ThisProcess.testKit().workingDirectory(dir).execute(step, new AgeKeygenParameters("keys.txt", false));
        assertThat(result.outputs().get("created")).isEqualTo(false);
        assertThat(result.outputs().get("recipient")).isEqualTo(expected);
        assertThat(Files.readAllBytes(dir.resolve("keys.txt"))).isEqualTo(before);
    }

    @Test
    @Timeout(60)
    void replacesTheFileOnlyWhenAsked() throws Exception {
        StepTestKit kit = ThisProcess.testKit().workingDirectory(dir);
        String first = (String) kit.execute(step, new AgeKeygenParameters("keys.txt", false))
                .outputs()
                .get("recipient");
        String second = (String) kit.execute(step, new AgeKeygenParameters("keys.txt", true))
                .outputs()
                .get("recipient");
        assertThat(second).isNotEqualTo(first);
        assertThat(Command.run(dir, null, "age-keygen", "-y", "keys.txt").strip())
                .isEqualTo(second);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys.txt"))))
                .isEqualTo("rw-------");
    }

    @Test
    void refusesAnExistingFileWithoutAnIdentity() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "shopping list\n");
        StepResult result =
                ThisProcess.testKit().workingDirectory(dir).execute(step, new AgeKeygenParameters("notes.txt", false));
        assertThat(result.failure())
                .hasMessage(
                        "notes.txt: exists but holds no AGE-SECRET-KEY-1 line; move it away or set overwrite: true");
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("shopping list\n");
    }
}
