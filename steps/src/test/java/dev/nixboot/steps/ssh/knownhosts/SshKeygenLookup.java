package dev.nixboot.steps.ssh.knownhosts;

import dev.nixboot.steps.ssh.Commands;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What OpenSSH itself finds for a name in a known_hosts file: {@code ssh-keygen -F NAME -f FILE}. */
final class SshKeygenLookup {
    private static final Pattern FOUND = Pattern.compile("# Host .* found: line (\\d+) ?(CA|REVOKED)?\\s*");

    /**
     * One line {@code ssh-keygen -F} printed.
     *
     * @param line its one-based number in the file
     * @param marker {@code CA} or {@code REVOKED} for marker lines, empty otherwise
     * @param text the line as it stands in the file
     */
    record Found(int line, String marker, String text) {
        boolean isKey() {
            return marker.isEmpty();
        }
    }

    private SshKeygenLookup() {}

    static List<Found> lookup(Path file, String name) {
        Commands.Result result = Commands.exec(List.of("ssh-keygen", "-F", name, "-f", file.toString()));
        List<String> lines = result.output().lines().toList();
        List<Found> found = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            Matcher header = FOUND.matcher(lines.get(i));
            if (header.matches()) {
                found.add(new Found(
                        Integer.parseInt(header.group(1)),
                        header.group(2) == null ? "" : header.group(2),
                        lines.get(i + 1)));
                i++;
            }
        }
        return found;
    }

    /** The key lines (no markers) found, as their text. */
    static List<String> keyLines(Path file, String name) {
        return lookup(file, name).stream().filter(Found::isKey).map(Found::text).toList();
    }
}
