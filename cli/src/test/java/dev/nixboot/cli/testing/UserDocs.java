package dev.nixboot.cli.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The documentation users read: README.md, then every Markdown file under src/docs/ in name order. Tests that check
 * what the docs show (examples validate, Nix parses, links resolve) read them all through here, so an example moved
 * from one page to another stays checked.
 */
public final class UserDocs {
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

    private UserDocs() {}

    /** README.md and the pages under src/docs/, as paths relative to the repository root. */
    public static List<Path> files() {
        Path root = RepositoryFiles.root();
        List<Path> files = new ArrayList<>();
        files.add(Path.of("README.md"));
        try (Stream<Path> pages = Files.walk(root.resolve("src/docs"))) {
            pages.filter(p -> p.toString().endsWith(".md"))
                    .map(root::relativize)
                    .sorted()
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    public static String read(Path file) {
        try {
            return Files.readString(RepositoryFiles.root().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fenced code block: its file, its language ({@code yaml}, {@code sh}, ...; empty if none), its text. */
    public record Block(Path file, String language, String text) {}

    /** Every fenced code block of every file, in the order of {@link #files()}. */
    public static List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        for (Path file : files()) {
            String language = null;
            StringBuilder text = new StringBuilder();
            for (String line : read(file).split("\n", -1)) {
                if (isFence(line)) {
                    if (language == null) {
                        language = line.strip().substring(3).strip();
                        text.setLength(0);
                    } else {
                        blocks.add(new Block(file, language, text.toString()));
                        language = null;
                    }
                } else if (language != null) {
                    text.append(line).append('\n');
                }
            }
        }
        return blocks;
    }

    /**
     * A page without its fenced blocks: each of their lines becomes an empty line, so what is left keeps its line
     * numbers.
     */
    public static String withoutBlocks(String markdown) {
        StringBuilder prose = new StringBuilder();
        boolean inBlock = false;
        for (String line : markdown.split("\n", -1)) {
            if (isFence(line)) {
                inBlock = !inBlock;
                prose.append('\n');
            } else {
                prose.append(inBlock ? "" : line).append('\n');
            }
        }
        return prose.toString();
    }

    /** A page's prose: no fenced blocks ({@link #withoutBlocks}), and each code span replaced by the word "code". */
    public static String prose(String markdown) {
        return CODE_SPAN.matcher(withoutBlocks(markdown)).replaceAll("code");
    }

    /** A line that opens or closes a fenced block; it may be indented, as in a list item. */
    private static boolean isFence(String line) {
        return line.strip().startsWith("```");
    }
}
