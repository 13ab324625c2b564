package dev.nixboot.steps.ssh.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A host's client options in the form {@code ssh -G} prints them: lower-case keywords, each with its values in order
 * (most have one; {@code identityfile} and a few others one per line). Both the answer of the installed OpenSSH and
 * nixboot's own reader ({@link SshConfigFile}) take this form, so one interpretation ({@link HostSettings}) serves
 * both and a test can compare them keyword by keyword.
 */
public final class ClientOptions {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final String source;

    /** @param source where the options come from, for messages: {@code ssh -G gusto} or a file name */
    ClientOptions(String source) {
        this.source = source;
    }

    /** Parses what {@code ssh -G} printed. */
    static ClientOptions parse(String output, String source) {
        ClientOptions options = new ClientOptions(source);
        for (String line : output.split("\n")) {
            String stripped = line.strip();
            if (stripped.isEmpty()) {
                continue;
            }
            int space = stripped.indexOf(' ');
            String keyword = space < 0 ? stripped : stripped.substring(0, space);
            options.add(keyword, space < 0 ? "" : stripped.substring(space + 1), null);
        }
        return options;
    }

    /** Appends a value; {@code origin} ({@code file:line}) is kept for the first value of a keyword only. */
    void add(String keyword, String value, String origin) {
        String key = keyword.toLowerCase(Locale.ROOT);
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        if (origin != null) {
            origins.putIfAbsent(key, origin);
        }
    }

    /** Sets a keyword to one value, replacing what it had. */
    void set(String keyword, String value) {
        String key = keyword.toLowerCase(Locale.ROOT);
        values.put(key, new ArrayList<>(List.of(value)));
    }

    /** The first value of a keyword, or null when it has none. */
    public String get(String keyword) {
        List<String> list = values.get(keyword);
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    /** Every value of a keyword, in order; empty when it has none. */
    public List<String> all(String keyword) {
        return List.copyOf(values.getOrDefault(keyword, List.of()));
    }

    /**
     * Where a keyword's value was set, for messages: {@code file:line} when nixboot read the file itself, else the
     * source ({@code ssh -G gusto}).
     */
    public String origin(String keyword) {
        return origins.getOrDefault(keyword, source);
    }

    /** Where the options come from: {@code ssh -G gusto}, or the file nixboot read. */
    public String source() {
        return source;
    }
}
