package dev.nixboot.engine.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a playbook or a vars file: whole, in one pass, and only up to {@link #MAX_BYTES}. One pass, because a vars
 * file may be a pipe ({@code --vars-file <(pass show gusto)}, {@code /dev/stdin}) that can be read once; a limit,
 * because SnakeYAML's reader is quadratic in the length of a line and a huge file would only ever be a mistake.
 */
public final class SourceFiles {
    /** The default playbook is 20 KB and a generated 10,000-step playbook under 1 MB. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    private SourceFiles() {}

    /** A file larger than {@link #MAX_BYTES}. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException() {
            super("is larger than " + MAX_BYTES / (1024 * 1024) + " MiB, the most a playbook or vars file may be");
        }
    }

    /**
     * The file's text. Throws {@link java.nio.file.NoSuchFileException} when it does not exist,
     * {@link java.nio.charset.MalformedInputException} when it is not UTF-8 and {@link TooLargeException} when it is
     * too large.
     */
    public static String read(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new TooLargeException();
        }
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
