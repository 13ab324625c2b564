package dev.nixboot.steps.ssh.sync;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a sync must do to make the remote tree equal the local one, decided with rsync's quick check (size and
 * modification time; a symlink by its target) and rsync's deletion rules (with delete on, remote paths that do not
 * exist locally go, except the ones the ignore rules exclude: those are protected, as rsync protects excluded files).
 *
 * @param deletions remote paths to remove recursively before sending, parents before children, none inside another
 * @param sends local paths to send in the tar stream, parents before children: changed files and links, new
 *     directories, and every directory whose attributes differ or whose content changes (so its time is restored)
 * @param modeChanges files whose content is current but whose mode differs
 * @param unchanged how many local paths needed nothing
 */
record SyncPlan(List<String> deletions, List<String> sends, List<String> modeChanges, int unchanged) {

    static SyncPlan of(LocalTree local, Map<String, Entry> remote, GitIgnores ignores, boolean delete)
            throws IOException {
        Map<String, Entry> wanted = local.entries();
        List<String> deletions = new ArrayList<>();
        Set<String> sends = new LinkedHashSet<>();
        List<String> modeChanges = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Entry existing : remote.values()) {
            String path = existing.path();
            if (path.isEmpty() || under(path, skipped)) {
                continue;
            }
            Entry desired = wanted.get(path);
            if (desired == null) {
                boolean protectedByRules = ignores.excluded(path, existing.type() == Entry.Type.DIRECTORY);
                if (delete && !protectedByRules) {
                    deletions.add(path);
                }
                skipped.add(path);
            } else if (desired.type() != existing.type()) {
                deletions.add(path);
                skipped.add(path);
            }
        }
        int unchanged = 0;
        Set<String> touchedDirectories = new LinkedHashSet<>();
        for (String path : deletions) {
            touchedDirectories.add(parentOf(path));
        }
        for (Entry desired : wanted.values()) {
            Entry existing = remote.get(desired.path());
            boolean replaced =
                    existing == null || existing.type() != desired.type() || deletions.contains(desired.path());
            if (replaced || desired.contentDiffers(existing)) {
                sends.add(desired.path());
                if (!desired.path().isEmpty()) {
                    touchedDirectories.add(parentOf(desired.path()));
                }
            } else if (desired.type() == Entry.Type.DIRECTORY
                    && (desired.mode() != existing.mode() || desired.mtime() != existing.mtime())) {
                sends.add(desired.path());
            } else if (desired.type() == Entry.Type.FILE && desired.mode() != existing.mode()) {
                modeChanges.add(desired.path());
            } else {
                unchanged++;
            }
        }
        // Writing into a directory changes its time: send the directory again so tar restores it afterwards.
        for (String directory : touchedDirectories) {
            for (String d = directory; ; d = parentOf(d)) {
                if (wanted.containsKey(d)) {
                    sends.add(d);
                }
                if (d.isEmpty()) {
                    break;
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        for (String path : wanted.keySet()) {
            if (sends.contains(path)) {
                ordered.add(path);
            }
        }
        return new SyncPlan(List.copyOf(deletions), List.copyOf(ordered), List.copyOf(modeChanges), unchanged);
    }

    boolean nothingToDo() {
        return deletions.isEmpty() && sends.isEmpty() && modeChanges.isEmpty();
    }

    private static boolean under(String path, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
