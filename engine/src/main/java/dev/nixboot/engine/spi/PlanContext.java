package dev.nixboot.engine.spi;

import java.nio.file.Path;
import java.util.Map;

/** What a step may know while planning: facts only, nothing that acts. */
public interface PlanContext {

    /** The id of the step being planned or run. */
    String stepId();

    /** The directory holding the playbook file; relative paths in a playbook are usually resolved against it. */
    Path playbookDirectory();

    /** The directory nixboot was started in; relative {@code cwd}s and paths resolve against it. */
    Path workingDirectory();

    /**
     * A directory private to this run, for generated files. During a plan it is only a name: it does not exist and
     * must not be created.
     */
    Path runDirectory();

    /** The environment nixboot was started with. */
    Map<String, String> environment();

    /** The user's home directory on this machine: what {@code ~} stands for. */
    Path home();

    /**
     * A path on this machine as a playbook writes it: {@code ~} and {@code ~/...} are in {@link #home()}, anything
     * relative is under the working directory.
     */
    default Path localPath(String path) {
        if (path.equals("~")) {
            return home();
        }
        if (path.startsWith("~/")) {
            return home().resolve(path.substring(2));
        }
        return workingDirectory().resolve(path).normalize();
    }

    /** The text with every known secret value replaced by {@code ***}. */
    String mask(String text);
}
