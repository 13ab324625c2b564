package dev.nixboot.cli.version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code nixboot --version} prints: the version and git commit the build wrote into the jar, and the Java
 * running it, so a bug report says exactly what was run.
 */
public final class BuildVersion implements IVersionProvider {
    private static final String UNKNOWN = "unknown";

    /** The project version, such as 0.1.0-SNAPSHOT. */
    public static String version() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("build.properties")) {
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

    /** The abbreviated commit the jar was built from, or "unknown" when built outside a git checkout. */
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

    @Override
    public String[] getVersion() {
        return new String[] {
            "nixboot " + version() + " (commit " + commit() + ")",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
