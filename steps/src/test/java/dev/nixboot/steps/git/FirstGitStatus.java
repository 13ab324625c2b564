package dev.nixboot.steps.git;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.util.FS;

/**
 * One git.status in a JVM of its own, as the first git step of a nixboot run is: JGit's caches are empty. Prints the
 * step's wall time in ms, whether the checkout was clean and the file time resolution (ns) JGit worked with for the
 * repository's file system; exits 1 when the step failed.
 */
public final class FirstGitStatus {
    private FirstGitStatus() {}

    public static void main(String[] args) {
        Path repository = Path.of(args[0]);
        try (StepTestKit kit = ThisProcess.testKit().workingDirectory(repository)) {
            long start = System.nanoTime();
            StepResult result = kit.execute(new GitStatusStep(), new GitStatusParameters("."));
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (result.failure() != null) {
                System.err.println(result.failure());
                System.exit(1);
            }
            // Cached since the status: what JGit's racy-git checks used, measured or not.
            Duration resolution =
                    FS.getFileStoreAttributes(repository.resolve(".git")).getFsTimestampResolution();
            System.out.println(millis + " " + result.outputs().get("clean") + " " + resolution.toNanos());
        }
    }
}
