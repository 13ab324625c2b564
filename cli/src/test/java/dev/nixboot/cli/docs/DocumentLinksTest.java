package dev.nixboot.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.testing.RepositoryFiles;
import dev.nixboot.cli.testing.UserDocs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and src/docs/ leads somewhere on GitHub: the file (or folder) exists, and a
 * {@code #fragment} names a heading of the page it points to, by GitHub's rule for heading anchors.
 */
class DocumentLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*$", Pattern.MULTILINE);
    /** What GitHub drops from a heading to make its anchor: all but letters, digits, marks, _, - and spaces. */
    private static final Pattern NOT_IN_ANCHOR = Pattern.compile("[^\\p{L}\\p{N}\\p{M}\\p{Pc} -]");

    private static final Pattern INLINE_LINK = Pattern.compile("\\[([^\\]]*)\\]\\([^)]*\\)");

    private final Path root = RepositoryFiles.root();

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingThatExist() {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        int fragments = 0;
        for (Path file : UserDocs.files()) {
            String text = UserDocs.prose(UserDocs.read(file));
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (SCHEME.matcher(target).find()) {
                    continue; // https://, mailto: — not ours to check
                }
                checked++;
                String where = file + ":" + line(text, link.start()) + ": (" + target + ")";
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                Path resolved =
                        path.isEmpty() ? file : file.resolveSibling(path).normalize();
                if (resolved.startsWith("..") || !Files.exists(root.resolve(resolved))) {
                    broken.add(where + ": no file " + resolved);
                    continue;
                }
                if (hash >= 0) {
                    fragments++;
                    String fragment = target.substring(hash + 1);
                    if (!resolved.toString().endsWith(".md")) {
                        broken.add(where + ": a #fragment on a file that is not Markdown");
                    } else if (!anchors(UserDocs.read(resolved)).contains(fragment)) {
                        broken.add(where + ": " + resolved + " has no heading with the anchor #" + fragment);
                    }
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
        assertThat(checked).as("relative links checked").isGreaterThan(30);
        assertThat(fragments).as("links to headings checked").isGreaterThan(10);
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertThat(anchors("# Templates: `${{ expression }}`\n")).containsExactly("templates--expression-");
        assertThat(anchors("## `ssh.exec` — run a command\n")).containsExactly("sshexec--run-a-command");
        assertThat(anchors("## Events for CI and wrappers: `--output json`\n"))
                .containsExactly("events-for-ci-and-wrappers---output-json");
        assertThat(anchors("## Run it\n```sh\n# not a heading\n```\n## Run it\n"))
                .containsExactly("run-it", "run-it-1");
        assertThat(anchors("## See [the guide](guide.md) first\n")).containsExactly("see-the-guide-first");
    }

    /** The anchors GitHub gives a page's headings, in order; a repeated one gets -1, -2, ... */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher heading = HEADING.matcher(UserDocs.withoutBlocks(markdown));
        while (heading.find()) {
            String text = INLINE_LINK.matcher(heading.group(1)).replaceAll("$1");
            String anchor = NOT_IN_ANCHOR
                    .matcher(text.toLowerCase(Locale.ROOT))
                    .replaceAll("")
                    .replace(' ', '-');
            int times = seen.merge(anchor, 1, Integer::sum);
            anchors.add(times == 1 ? anchor : anchor + "-" + (times - 1));
        }
        return anchors;
    }

    private static int line(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }
}
