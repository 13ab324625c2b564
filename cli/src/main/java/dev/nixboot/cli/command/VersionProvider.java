package dev.nixboot.cli.command;

import dev.nixboot.cli.version.BuildVersion;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code nixboot --version}: the version and commit Maven built, and the Java running it (it matters for start-up
 * time).
 */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "nixboot " + BuildVersion.version() + " (commit " + BuildVersion.commit() + ")",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
