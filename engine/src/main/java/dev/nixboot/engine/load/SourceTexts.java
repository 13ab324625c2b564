package dev.nixboot.engine.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The playbooks and vars files one compiler reads. A regular file is read afresh each time; anything else (a pipe:
 * {@code --vars-file <(pass show gusto)}, {@code /dev/stdin}) can be read only once, so its text is kept and given
 * again: an invocation that compiles a playbook once per host of an inventory hands every host the same values.
 */
public final class SourceTexts {
    private final Map<Path, String> pipes = new ConcurrentHashMap<>();

    /** As {@link SourceFiles#read}, except that a pipe already read gives the text it gave then. */
    public String read(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            return SourceFiles.read(file);
        }
        Path key = file.toAbsolutePath().normalize();
        String kept = pipes.get(key);
        if (kept != null) {
            return kept;
        }
        String text = SourceFiles.read(file);
        pipes.put(key, text);
        return text;
    }
}
