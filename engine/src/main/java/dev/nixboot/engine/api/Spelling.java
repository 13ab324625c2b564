package dev.nixboot.engine.api;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds the name a user most likely meant, for "did you mean" hints. */
public final class Spelling {
    private Spelling() {}

    /**
     * The candidate closest to the input by edit distance (a swap of two neighbouring letters counts as one edit),
     * when it is close enough to be a plausible typo.
     */
    public static Optional<String> closest(String input, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lowered = input.toLowerCase(Locale.ROOT);
        for (String candidate : candidates) {
            int distance = distance(lowered, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        // "known-hosts" for "ssh.known-hosts": a step type named without its family, as it was before it had one.
        if (bestDistance > 1) {
            List<String> family = candidates.stream()
                    .filter(candidate -> candidate.toLowerCase(Locale.ROOT).endsWith("." + lowered))
                    .toList();
            if (family.size() == 1) {
                return Optional.of(family.get(0));
            }
        }
        // "integer" for "int", "string" for "str": a longer or shorter spelling of the same word.
        for (String candidate : candidates) {
            String other = candidate.toLowerCase(Locale.ROOT);
            if (Math.min(other.length(), lowered.length()) >= 3
                    && !other.equals(lowered)
                    && (other.startsWith(lowered) || lowered.startsWith(other))
                    && bestDistance > 1) {
                return Optional.of(candidate);
            }
        }
        int allowed = Math.max(1, Math.min(3, Math.max(input.length(), best.length()) / 3));
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** {@code " (did you mean 'needs'?)"}, or the empty string when nothing is close. */
    public static String hint(String input, Collection<String> candidates) {
        return closest(input, candidates)
                .map(s -> " (did you mean '" + s + "'?)")
                .orElse("");
    }

    /**
     * A hint for a name that is not one of a few known ones: the likely typo, or else the whole list when it is
     * short enough to read.
     */
    public static String hintOrList(String input, Collection<String> candidates) {
        Optional<String> close = closest(input, candidates);
        if (close.isPresent()) {
            return " (did you mean '" + close.get() + "'?)";
        }
        if (candidates.isEmpty()) {
            return "";
        }
        if (candidates.size() <= 12) {
            return "; expected one of: " + String.join(", ", candidates);
        }
        return "";
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
