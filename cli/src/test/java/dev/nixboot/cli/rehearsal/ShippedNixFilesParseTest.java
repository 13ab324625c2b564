package dev.nixboot.cli.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.testing.RepositoryFiles;
import dev.nixboot.cli.testing.UserDocs;
import dev.nixboot.cli.testing.UserDocs.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Nix file nixboot ships (the example nix-config and installer flake the rehearsal installs from), every
 * {@code nix} block of the docs (README.md and src/docs/) and the placeholder hardware configuration the default
 * playbook writes parse with the real {@code nix-instantiate --parse} (Debian's nix-bin, installed by .ci/run). A syntax error there would only
 * show on a user's machine, since the rehearsal evaluates nothing.
 */
class ShippedNixFilesParseTest {
    private static final Path ROOT = RepositoryFiles.root();

    @Test
    void everyShippedNixFileParses() throws IOException {
        List<Path> files;
        try (Stream<Path> paths = Files.walk(ROOT)) {
            files = paths.filter(p -> p.toString().endsWith(".nix"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .filter(p -> !p.toString().contains("/.git/"))
                    .toList();
        }
        assertThat(files).as("the example nix-config").anySatisfy(f -> assertThat(f.toString())
                .endsWith("hosts/common/core.nix"));
        for (Path file : files) {
            assertParses(file, Files.readString(file));
        }
    }

    @Test
    void docsNixBlocksAndThePlaybooksPlaceholderParse() throws IOException {
        List<Path> pages = new ArrayList<>();
        int count = 0;
        for (Block block : UserDocs.blocks()) {
            if (block.language().equals("nix")) {
                assertParses(Path.of(block.file() + " nix block " + ++count), block.text());
                pages.add(block.file());
            }
        }
        assertThat(pages).as("the pages with nix blocks").contains(Path.of("src/docs/bootstrap.md"));

        assertParses(
                Path.of("remote-bootstrap.yaml hardware_placeholder"), HardwarePlaceholder.forSystem("x86_64-linux"));
    }

    private static void assertParses(Path origin, String text) throws IOException {
        Path file = Files.createTempFile("nixboot-parse-", ".nix");
        try {
            Files.writeString(file, text);
            List<String> command = new ArrayList<>(List.of("nix-instantiate", "--parse", file.toString()));
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException notInstalled) {
                throw new AssertionError(
                        "nix-instantiate is missing: install Debian's nix-bin (.ci/run does)", notInstalled);
            }
            String output = new String(process.getInputStream().readAllBytes());
            int code = process.waitFor();
            assertThat(code)
                    .as("nix-instantiate --parse %s:\n%s", origin, output)
                    .isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
