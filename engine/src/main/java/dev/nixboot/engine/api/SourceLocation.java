package dev.nixboot.engine.api;

import java.nio.file.Path;

/** A place in a file, 1-based, as compilers print it. */
public record SourceLocation(Path file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
