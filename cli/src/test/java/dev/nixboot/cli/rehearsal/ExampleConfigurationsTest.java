package dev.nixboot.cli.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nixboot.cli.testing.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The example nix-config the bootstrap guide points to (the rehearsal's fixture) defines complete systems: the
 * minimal one the installer flake installs and the host's full configuration alike boot the way the target booted,
 * run sshd on the chosen port with the pre-generated host key, and let your user in with your key and sudo. Without
 * that, the installed system or the first switch to the full configuration would lock you out or not boot at all.
 *
 * <p>Evaluated by the real Nix evaluator ({@code nix-instantiate}, Debian's nix-bin), the flakes' own outputs
 * functions included, with a stand-in for nixpkgs' module system ({@code evaluate-configuration.nix}: it merges what
 * the configuration itself sets, without nixpkgs' modules; the rehearsal's nix stand-in evaluates with it too). The host's hardware configuration is the placeholder the
 * default playbook writes before its evaluation, and its arguments are the JSON file the playbook writes.
 */
class ExampleConfigurationsTest {
    private static final Path REHEARSAL = RepositoryFiles.root().resolve("cli/src/test/resources/rehearsal");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} configuration, boot={1}, sshPort={2}, persistDir={3}")
    @CsvSource({
        "installer, uefi, 22, ''",
        "installer, bios, 2222, /persist",
        "full, uefi, 2222, /persist",
        "full, bios, 22, ''"
    })
    void bootsAnswersSshAndLetsTheUserIn(String configuration, String boot, int sshPort, String persistDir)
            throws IOException, InterruptedException {
        Path nixConfig = copyOfTheExampleNixConfig();
        Files.writeString(
                nixConfig.resolve("nixos-installer/hosts/gusto.json"), """
                {
                  "host": "gusto",
                  "user": "ta",
                  "disk": "/dev/sda",
                  "boot": "%s",
                  "sshPort": %d,
                  "swapSize": "8",
                  "withSwap": true,
                  "persistDir": "%s",
                  "luksKeyFile": ""
                }
                """.formatted(boot, sshPort, persistDir));
        Files.createDirectories(nixConfig.resolve("hosts/gusto"));
        Files.writeString(
                nixConfig.resolve("hosts/gusto/hardware-configuration.nix"),
                HardwarePlaceholder.forSystem("x86_64-linux"));

        JsonNode system =
                evaluate(configuration.equals("installer") ? nixConfig.resolve("nixos-installer") : nixConfig);

        JsonNode loader = system.path("boot").path("loader");
        List<String> partitionTypes = system.path("disko")
                .path("devices")
                .path("disk")
                .path("disk0")
                .path("content")
                .path("partitions")
                .findValuesAsText("type");
        if (boot.equals("uefi")) {
            assertThat(loader.path("systemd-boot").path("enable").asBoolean())
                    .as("systemd-boot: %s", loader)
                    .isTrue();
            assertThat(loader.path("efi").path("canTouchEfiVariables").asBoolean())
                    .isTrue();
            assertThat(loader.path("grub").path("enable").asBoolean())
                    .as("no GRUB: %s", loader)
                    .isFalse();
            assertThat(partitionTypes).contains("EF00").doesNotContain("EF02");
        } else {
            assertThat(loader.path("grub").path("enable").asBoolean())
                    .as("GRUB: %s", loader)
                    .isTrue();
            assertThat(loader.path("systemd-boot").path("enable").asBoolean())
                    .as("no systemd-boot: %s", loader)
                    .isFalse();
            // GRUB's core image goes to a BIOS boot partition; disko sets grub.devices from it (lib/types/gpt.nix).
            assertThat(partitionTypes).as("partitions").contains("EF02");
        }

        JsonNode sshd = system.path("services").path("openssh");
        assertThat(sshd.path("enable").asBoolean()).as("sshd: %s", sshd).isTrue();
        assertThat(sshd.path("ports").toString()).isEqualTo("[" + sshPort + "]");
        assertThat(sshd.path("hostKeys").findValuesAsText("path"))
                .containsExactly(persistDir + "/etc/ssh/ssh_host_ed25519_key");

        JsonNode user = system.path("users").path("users").path("ta");
        assertThat(user.path("isNormalUser").asBoolean())
                .as("users.users.ta: %s", user)
                .isTrue();
        assertThat(user.path("extraGroups").toString()).contains("\"wheel\"");
        assertThat(user.path("openssh").path("authorizedKeys").path("keys").size())
                .as("ta's authorized keys")
                .isPositive();
        // The rebuild runs sudo without a terminal.
        assertThat(system.path("security")
                        .path("sudo")
                        .path("wheelNeedsPassword")
                        .asBoolean(true))
                .isFalse();
        assertThat(system.path("networking").path("hostName").asText()).isEqualTo("gusto");

        if (!persistDir.isEmpty()) {
            // The host key must be there before sshd and sops-nix read it; the machine id nixboot placed is used.
            assertThat(system.path("fileSystems")
                            .path(persistDir)
                            .path("neededForBoot")
                            .asBoolean())
                    .isTrue();
            assertThat(system.path("environment")
                            .path("etc")
                            .path("machine-id")
                            .path("source")
                            .asText())
                    .isEqualTo(persistDir + "/etc/machine-id");
        }
    }

    private Path copyOfTheExampleNixConfig() throws IOException {
        Path from = REHEARSAL.resolve("repos/nix-config");
        Path to = directory.resolve("nix-config");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path copy = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        Files.createDirectories(to.resolve("nixos-installer/hosts"));
        return to;
    }

    private JsonNode evaluate(Path flake) throws IOException, InterruptedException {
        Path output = directory.resolve("evaluation.json");
        Path errors = directory.resolve("evaluation.err");
        List<String> command = new ArrayList<>(List.of(
                "nix-instantiate",
                "--eval",
                "--strict",
                "--json",
                REHEARSAL.resolve("lib/evaluate-configuration.nix").toString(),
                "--arg",
                "flake",
                flake.toString(),
                "--argstr",
                "host",
                "gusto"));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectOutput(output.toFile())
                    .redirectError(errors.toFile())
                    .start();
        } catch (IOException notInstalled) {
            throw new AssertionError(
                    "nix-instantiate is missing: install Debian's nix-bin (.ci/run does)", notInstalled);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("nix-instantiate did not finish within 60 s");
        }
        assertThat(process.exitValue())
                .as("nix-instantiate %s:\n%s", flake, Files.readString(errors))
                .isZero();
        return JSON.readTree(output.toFile());
    }
}
