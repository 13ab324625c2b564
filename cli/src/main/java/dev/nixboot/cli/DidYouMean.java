package dev.nixboot.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Suggests the known name closest to a mistyped one, when it is close enough to be what was meant. */
final class DidYouMean {
    private DidYouMean() {}

    static Optional<String> closest(String typed, Collection<String> known) {
        return known.stream()
                .filter(name -> distance(typed, name) <= Math.max(2, typed.length() / 3))
                .min(Comparator.comparingInt((String name) -> distance(typed, name)).thenComparing(name -> name));
    }

    /** The message tail: {@code " (did you mean 'deploy'?)"}, or nothing. */
    static String hint(String typed, Collection<String> known) {
        return closest(typed, known).map(name -> " (did you mean '" + name + "'?)").orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
