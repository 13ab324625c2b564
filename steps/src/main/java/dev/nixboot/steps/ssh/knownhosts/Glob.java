package dev.nixboot.steps.ssh.knownhosts;

/** OpenSSH's host patterns: {@code *} for any run of characters, {@code ?} for one. */
public final class Glob {
    private Glob() {}

    public static boolean matches(String pattern, String text) {
        return matchesAt(pattern, 0, text, 0);
    }

    private static boolean matchesAt(String pattern, int p, String text, int t) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                for (int k = t; k <= text.length(); k++) {
                    if (matchesAt(pattern, p + 1, text, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (t >= text.length() || (c != '?' && c != text.charAt(t))) {
                return false;
            }
            p++;
            t++;
        }
        return t == text.length();
    }
}
