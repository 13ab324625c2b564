package dev.nixboot.steps.git;

import java.nio.file.FileStore;
import java.nio.file.FileSystems;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Keeps JGit from measuring file systems. The first time JGit looks at a file system it measures how fine its file
 * times are ({@code FS.FileStoreAttributes.getFileStoreAttributes} in JGit 7.1: probe files written and re-stamped
 * for seconds, ~3.3 s on a first {@code git.status}), then saves the result to {@code ~/.config/jgit/config}, unless
 * that config already names a {@code filesystem.<JVM>|<store>.timestampResolution} ({@code readFromConfig}). The
 * default playbook paid it on every new machine.
 *
 * <p>nixboot puts that value beneath the user's own JGit config, in memory: JGit's own fallback for a file system it
 * cannot measure ({@code FALLBACK_TIMESTAMP_RESOLUTION}, 2 s). It is the safe side of the racy-git rule: a file
 * changed within 2 s of the index is compared by content instead of trusted by its time, a few reads in repositories
 * of nix-config's size. Nothing is measured and nothing written into the home; a value the user's JGit config holds
 * (measured by another JGit tool) still wins, as a file's values win over its parent config's.
 *
 * <p>{@code FS.FileStoreAttributes.setBackground(true)} was not enough: it only stops waiting after 100 ms, while the
 * measuring goes on in the background, stamps probe files in {@code .git} and writes the config when it is done.
 */
final class UnmeasuredFileStores extends SystemReader.Delegate {
    private static final String RESOLUTION =
            FS.FileStoreAttributes.FALLBACK_TIMESTAMP_RESOLUTION.toMillis() + " milliseconds";

    private UnmeasuredFileStores(SystemReader delegate) {
        super(delegate);
    }

    /**
     * Puts itself in front of JGit's current system reader, unless it is already there. Called before each git step
     * works, since something else (a test) may have replaced the reader since.
     */
    static synchronized void install() {
        SystemReader current = SystemReader.getInstance();
        if (!(current instanceof UnmeasuredFileStores)) {
            SystemReader.setInstance(new UnmeasuredFileStores(current));
        }
    }

    @Override
    public FileBasedConfig openJGitConfig(Config parent, FS fs) {
        return super.openJGitConfig(resolutions(parent), fs);
    }

    /** The fallback resolution for every file system mounted now, under the key JGit's getConfigKey makes. */
    private static Config resolutions(Config parent) {
        Config config = new Config(parent);
        String jvm = System.getProperty("java.vendor") + '|' + System.getProperty("java.version") + '|';
        for (FileStore store : FileSystems.getDefault().getFileStores()) {
            config.setString(
                    ConfigConstants.CONFIG_FILESYSTEM_SECTION,
                    jvm + store.name(),
                    ConfigConstants.CONFIG_KEY_TIMESTAMP_RESOLUTION,
                    RESOLUTION);
        }
        return config;
    }
}
