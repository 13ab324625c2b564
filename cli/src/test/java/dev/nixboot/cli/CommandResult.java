package dev.nixboot.cli;

import dev.nixboot.cli.invocation.Cancellation;
import dev.nixboot.cli.invocation.Invocation;
import dev.nixboot.cli.invocation.Terminal;
import dev.nixboot.engine.Engines;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** One in-process run of the command, as a test sees it. */
record CommandResult(int code, String out, String err) {

    /**
     * Runs nixboot in a directory with no terminal, like CI does, and the real engine with the built-in steps; steps
     * see the test process's environment and home, as they would the shell's.
     */
    static CommandResult nixboot(Path workingDirectory, String... args) {
        return nixboot(invocation(workingDirectory, Optional::empty), args);
    }

    static Invocation invocation(Path workingDirectory, Supplier<Optional<Terminal>> terminal) {
        return new Invocation(
                workingDirectory,
                System.getenv(),
                Path.of(System.getProperty("user.home")),
                Engines::create,
                terminal,
                new Cancellation());
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
