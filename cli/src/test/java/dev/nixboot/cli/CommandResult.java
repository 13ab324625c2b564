package dev.nixboot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** One in-process run of the command, as a test sees it. */
record CommandResult(int code, String out, String err) {

    /** Runs nixboot in a directory with no terminal, like CI does, and the real engine with the built-in steps. */
    static CommandResult nixboot(Path workingDirectory, String... args) {
        Invocation invocation = new Invocation(workingDirectory, Map.of("HOME", workingDirectory.toString()),
                dev.nixboot.engine.Engines::create, Optional::empty, new Cancellation());
        return nixboot(invocation, args);
    }

    static CommandResult nixboot(Invocation invocation, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Nixboot.execute(invocation, new PrintWriter(out), new PrintWriter(err), args);
        return new CommandResult(code, out.toString(), err.toString());
    }

    /** Copies the fixture playbooks into a directory, so runs write their state there and not into the sources. */
    static void copyFixtures(Path target) {
        try {
            Path source = Path.of(CommandResult.class.getResource("/playbooks").toURI());
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path copy = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
