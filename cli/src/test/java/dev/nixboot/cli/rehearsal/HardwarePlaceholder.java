package dev.nixboot.cli.rehearsal;

import dev.nixboot.cli.testing.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholder {@code hardware-configuration.nix} the default playbook writes for a new host before the evaluation
 * (its step {@code hardware_placeholder}), taken from the playbook itself so that tests see what users get.
 */
final class HardwarePlaceholder {
    private static final Pattern HERE_DOCUMENT =
            Pattern.compile("cat > \"\\$FILE\" <<EOF\n(.*?)\n\\s*EOF", Pattern.DOTALL);

    private HardwarePlaceholder() {}

    /** The placeholder as the playbook writes it for a target whose Nix system is {@code system}. */
    static String forSystem(String system) throws IOException {
        String playbook = Files.readString(RepositoryFiles.root().resolve("playbooks/remote-bootstrap.yaml"));
        Matcher placeholder = HERE_DOCUMENT.matcher(playbook);
        if (!placeholder.find()) {
            throw new AssertionError("no placeholder here-document (cat > \"$FILE\" <<EOF) in remote-bootstrap.yaml");
        }
        // The block scalar's indentation (8 spaces) is not part of the file.
        return placeholder.group(1).replaceAll("(?m)^ {8}", "").replace("$SYSTEM", system) + "\n";
    }
}
