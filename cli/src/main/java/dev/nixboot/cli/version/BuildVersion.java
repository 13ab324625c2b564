package dev.nixboot.cli.version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The version and git commit the build wrote into the jar, so {@code nixboot --version} and the manual say exactly
 * what was built.
 */
public final class BuildVersion {
    private static final String UNKNOWN = "unknown";

    private BuildVersion() {}

    /** The project version, such as 0.1.0-SNAPSHOT. */
    public static String version() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("/dev/nixboot/cli/version.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", UNKNOWN);
            // An unfiltered resource (run from an IDE that skips Maven) still holds the placeholder.
            return version.startsWith("${") ? UNKNOWN : version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The abbreviated commit the jar was built from, written by {@code git rev-parse} at build time; "unknown" when
     * built outside a git checkout or without git.
     */
    public static String commit() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("commit")) {
            if (in == null) {
                return UNKNOWN;
            }
            String commit = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return commit.matches("[0-9a-f]{7,40}") ? commit : UNKNOWN;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
