package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.nixboot.cli.testing.RepositoryFiles;
import dev.nixboot.steps.disk.testing.LoopDevice;
import dev.nixboot.steps.disk.testing.SystemTool;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * playbooks/examples/installer-iso.yaml as a user runs it from a nix-config checkout: the dry run, and a whole run
 * with a stand-in for nix (cli/src/test/resources/installer-iso/nix-build-iso-out-link, which says which upstream
 * behaviour it reproduces) writing its ISO to a real loop device (root and losetup, as in CI).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class InstallerIsoPlaybookTest {
    private static final Path PLAYBOOK = RepositoryFiles.root().resolve("playbooks/examples/installer-iso.yaml");
    private static final Path FIXTURE = RepositoryFiles.root().resolve("cli/src/test/resources/installer-iso");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void dryRunShowsTheBuildAndWhatTheKernelSaysAboutTheDriveAndTouchesNothing(@TempDir Path drives)
            throws IOException {
        try (LoopDevice loop = LoopDevice.attach(zeros(drives.resolve("drive"), 16 << 20))) {
            CommandResult result =
                    nixboot(directory, "run", PLAYBOOK.toString(), "--var", "device=" + loop.node(), "--dry-run");

            assertThat(result.code()).as(result.toString()).isZero();
            assertThat(result.out())
                    .containsSubsequence(
                            "authorized_key", "installer_host_key", "build_iso", "find_iso", "write_iso", "next")
                    .contains("run: nix build --impure --print-build-logs"
                            + " ./nixos-installer#nixosConfigurations.iso.config.system.build.isoImage")
                    .contains("> check " + loop.node() + ": loop device backed by ")
                    .contains("> refuse: " + loop.node() + " is not a removable drive")
                    .contains("> ask: ERASE " + loop.node() + " (")
                    .contains("> verify: read " + loop.node() + " back past the page cache");
            assertThat(leftBehind()).isEmpty();
        }
    }

    @Test
    void buildsTheIsoWithTheUsersKeysAndWritesItToTheDriveWithProgress() throws Exception {
        Path nixConfig = copy(FIXTURE.resolve("nix-config"), directory.resolve("nix-config"));
        Path home = Files.createDirectories(directory.resolve("home"));
        Path publicKey = home.resolve(".ssh/id_ed25519.pub");
        Files.createDirectories(publicKey.getParent());
        SystemTool.run(
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "you@source",
                "-f",
                home.resolve(".ssh/id_ed25519").toString());
        Path bin = Files.createDirectories(directory.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("nix"), FIXTURE.resolve("nix-build-iso-out-link"));
        Path log = directory.resolve("nix-calls.log");
        Path store = Files.createDirectories(directory.resolve("store"));

        try (LoopDevice loop = LoopDevice.attach(zeros(directory.resolve("drive"), 32 << 20))) {
            Map<String, String> environment = Map.of(
                    "PATH", bin + File.pathSeparator + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                    "HOME", home.toString(),
                    "NIX_STANDIN_LOG", log.toString(),
                    "NIX_STANDIN_STORE", store.toString(),
                    "CI", "true");
            Run run = nixbootProcess(
                    directory,
                    environment,
                    "run",
                    PLAYBOOK.toString(),
                    "--yes",
                    "--output",
                    "json",
                    "--var",
                    "device=" + loop.node(),
                    "--var",
                    "allow_non_removable=true",
                    "--var",
                    "nix_config=" + nixConfig);

            assertThat(run.code()).as(run.toString()).isZero();
            Path hostKey = directory.resolve(".nixboot/keys/installer/ssh_host_ed25519_key");
            assertThat(Files.readString(log))
                    .isEqualTo("argv: build --impure --print-build-logs"
                            + " ./nixos-installer#nixosConfigurations.iso.config.system.build.isoImage\n"
                            + "cwd: " + nixConfig + "\n"
                            + "flake: " + nixConfig.resolve("nixos-installer") + "\n"
                            + "getEnv NIXBOOT_INSTALLER_HOST_KEY: " + hostKey + "\n"
                            + "getEnv NIXBOOT_INSTALLER_AUTHORIZED_KEYS: " + publicKey + "\n");

            Path iso = nixConfig.resolve("result/iso/nixos-minimal-24.11.20241231.edf04b7-x86_64-linux.iso");
            byte[] image = Files.readAllBytes(iso);
            assertThat(new String(image, image.length - 400, 400, "UTF-8"))
                    .contains(Files.readString(publicKey))
                    .contains(Files.readString(hostKey.resolveSibling("ssh_host_ed25519_key.pub")));
            assertThat(Arrays.copyOf(Files.readAllBytes(loop.backing()), image.length))
                    .isEqualTo(image);

            List<JsonNode> events = events(run.out());
            List<JsonNode> progress = events.stream()
                    .filter(e -> e.get("event").asText().equals("progress"))
                    .toList();
            assertThat(progress)
                    .isNotEmpty()
                    .allMatch(e -> e.get("step").asText().equals("write_iso"));
            assertThat(progress)
                    .extracting(e -> e.get("activity").asText() + " "
                            + e.get("done_bytes").asLong())
                    .startsWith("writing 0")
                    .contains("writing " + image.length, "verifying 0")
                    .endsWith("verifying " + image.length);
            assertThat(events)
                    .filteredOn(e -> e.get("event").asText().equals("step_finished")
                            && e.get("step").asText().equals("write_iso"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.at("/outputs/device").asText()).isEqualTo(loop.node()));
            assertThat(run.err())
                    .contains(
                            "verified: " + loop.node() + " holds the image",
                            "The installer presents the host key SHA256:");
        }
    }

    /** Every line of stdout is an event that the committed schema describes. */
    private static List<JsonNode> events(String out) throws IOException {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(MAPPER.readTree(
                        Files.readString(RepositoryFiles.root().resolve("schemas/events.schema.json"))));
        List<JsonNode> events = new ArrayList<>();
        for (String line : out.split("\n")) {
            JsonNode event = MAPPER.readTree(line);
            assertThat(schema.validate(event)).as(line).isEmpty();
            events.add(event);
        }
        return events;
    }

    private record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** The real command in a process of its own: the stand-in must come first on its PATH. */
    private static Run nixbootProcess(Path workingDirectory, Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.nixboot.cli.Main"));
        command.addAll(List.of(arguments));
        Path out = workingDirectory.resolve("nixboot.out");
        Path err = workingDirectory.resolve("nixboot.err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(150, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("nixboot did not finish within 150s:\n" + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Path zeros(Path file, long size) throws IOException {
        try (RandomAccessFile drive = new RandomAccessFile(file.toFile(), "rw")) {
            drive.setLength(size);
        }
        return file;
    }

    private static Path copy(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }

    private List<String> leftBehind() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
