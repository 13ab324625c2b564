package dev.nixboot.steps.age;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class AgeFromSshStepTest {
    /** From the ssh-to-age project's README. */
    private static final String PUBLISHED_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOHz+U0YtjINc54dZiJNclfmEFifF7RXCFlNlTbuZBji";

    private static final String PUBLISHED_RECIPIENT = "age17044m9wgakla6pzftf4srtl3h5mcsr85jysgt5fg23zpnta8sfdqhzn452";

    private final AgeFromSshStep step = new AgeFromSshStep();

    @TempDir
    Path dir;

    @Test
    void derivesThePublishedRecipient() {
        StepResult result = ThisProcess.testKit().execute(step, new AgeFromSshParameters(PUBLISHED_KEY, null, null));
        assertThat(result.failure()).isNull();
        assertThat(result.outputs().get("recipient")).isEqualTo(PUBLISHED_RECIPIENT);
        assertThat(result.outputs().get("identity")).isNull();
    }

    @Test
    void takesTheEd25519KeyOutOfKeyscanOutputAndSkipsTheOthers() {
        String keyscan = """
                # 10.0.0.5:22 SSH-2.0-OpenSSH_9.6
                10.0.0.5 ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7
                # 10.0.0.5:22 SSH-2.0-OpenSSH_9.6
                10.0.0.5 ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBA==
                10.0.0.5 %s
                """.formatted(PUBLISHED_KEY);
        StepResult result = ThisProcess.testKit().execute(step, new AgeFromSshParameters(keyscan, null, null));
        assertThat(result.failure()).isNull();
        assertThat(result.outputs().get("recipient")).isEqualTo(PUBLISHED_RECIPIENT);
        assertThat(result.outputs().get("skipped")).isEqualTo(List.of("ssh-rsa", "ecdsa-sha2-nistp256"));
        assertThat(result.text(StepResult.Stream.INFO)).contains("skipped ssh-rsa key (10.0.0.5)");
    }

    @Test
    void readsHashedKnownHostsLinesFromAFile() throws Exception {
        Files.writeString(
                dir.resolve("known_hosts"),
                "|1|F1E1KeoE/eEWhi10WpGv4OdiO6Y=|3988QV0VE8wmZL7suNrYQLITLCg= " + PUBLISHED_KEY + "\n");
        StepResult result = ThisProcess.testKit()
                .workingDirectory(dir)
                .execute(step, new AgeFromSshParameters(null, "known_hosts", null));
        assertThat(result.outputs().get("recipients")).isEqualTo(List.of(PUBLISHED_RECIPIENT));
    }

    @Test
    void failsClearlyWhenThereIsNoEd25519Key() {
        StepResult result = ThisProcess.testKit()
                .execute(step, new AgeFromSshParameters("host ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7", null, null));
        assertThat(result.failure())
                .hasMessage(
                        "key: no ssh-ed25519 key found (skipped: ssh-rsa); age keys can only be derived from ed25519 keys");
    }

    @Test
    void namesTheLineThatIsNotAKey() {
        StepResult result = ThisProcess.testKit()
                .execute(step, new AgeFromSshParameters(PUBLISHED_KEY + "\nhello world\n", null, null));
        assertThat(result.failure()).hasMessageStartingWith("key: line 2 is not an SSH public key");
    }

    @Test
    void refusesAKeyWhoseBlobDoesNotMatchItsType() {
        // an ssh-rsa blob labelled ssh-ed25519
        StepResult result = ThisProcess.testKit()
                .execute(step, new AgeFromSshParameters("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7", null, null));
        assertThat(result.failure()).hasMessageContaining("line 1 is not an SSH public key");
    }

    @Test
    void wantsExactlyOneSource() {
        StepResult result = ThisProcess.testKit().execute(step, new AgeFromSshParameters(null, null, null));
        assertThat(result.failure()).hasMessageContaining("give exactly one of `key`");
    }

    @Test
    @Timeout(60)
    void derivedKeysWorkWithTheRealAgeBinary() throws Exception {
        Command.run(dir, null, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", "host_key");

        StepResult fromPublic = ThisProcess.testKit()
                .workingDirectory(dir)
                .execute(step, new AgeFromSshParameters(null, "host_key.pub", null));
        StepResult fromPrivate = ThisProcess.testKit()
                .workingDirectory(dir)
                .execute(step, new AgeFromSshParameters(null, "host_key", null));
        assertThat(fromPrivate.failure()).isNull();
        String recipient = (String) fromPublic.outputs().get("recipient");
        String identity = (String) fromPrivate.outputs().get("identity");
        assertThat(fromPrivate.outputs().get("recipient")).isEqualTo(recipient);
        assertThat(identity).startsWith("AGE-SECRET-KEY-1").isUpperCase();
        assertThat(fromPrivate.outputs().secret()).containsExactly("identity");
        assertThat(fromPrivate.lines()).noneMatch(line -> line.text().contains(identity));

        assertRoundTrip(recipient, identity);
    }

    @Test
    @Timeout(60)
    void decryptsAPassphraseProtectedKeyWithTheAnsweredPassphrase() throws Exception {
        Command.run(dir, null, "ssh-keygen", "-q", "-t", "ed25519", "-N", "correct horse", "-f", "user_key");
        String publicLine = Files.readString(dir.resolve("user_key.pub"));
        String privateKey = Files.readString(dir.resolve("user_key"));

        StepTestKit kit = ThisProcess.testKit().answers("correct horse");
        StepResult result = kit.execute(step, new AgeFromSshParameters(privateKey, null, null));
        assertThat(result.failure()).isNull();
        String recipient = (String) ThisProcess.testKit()
                .execute(step, new AgeFromSshParameters(publicLine, null, null))
                .outputs()
                .get("recipient");
        assertThat(result.outputs().get("recipient")).isEqualTo(recipient);
        assertRoundTrip(recipient, (String) result.outputs().get("identity"));

        StepResult wrong =
                ThisProcess.testKit().execute(step, new AgeFromSshParameters(privateKey, null, "battery staple"));
        assertThat(wrong.failure()).hasMessageContaining("wrong passphrase");
    }

    @Test
    @Timeout(60)
    void skipsAPrivateRsaKey() throws Exception {
        Command.run(dir, null, "ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", "rsa_key");
        StepResult result = ThisProcess.testKit()
                .workingDirectory(dir)
                .execute(step, new AgeFromSshParameters(null, "rsa_key", null));
        assertThat(result.failure()).hasMessageContaining("no ssh-ed25519 key found (skipped: RSA)");
    }

    /** Encrypts to the recipient with `age -r` and decrypts with the identity from a 0600 file, never from argv. */
    private void assertRoundTrip(String recipient, String identity) throws Exception {
        Path identityFile = dir.resolve("identity.txt");
        Files.deleteIfExists(identityFile);
        Files.createFile(
                identityFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(identityFile, identity + "\n", StandardCharsets.US_ASCII);
        Command.run(dir, "the secret message\n", "age", "-r", recipient, "-o", "message.age");
        assertThat(Command.run(dir, null, "age", "-d", "-i", "identity.txt", "message.age"))
                .isEqualTo("the secret message\n");
    }
}
