package dev.nixboot.cli.rehearsal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One call of a rehearsal stand-in, as it recorded it in {@code calls/<tool>/<n>.*}: its arguments (one a line) and
 * whatever else that stand-in notes (working directory, user, a copy of a file it was shown).
 */
record Call(Path directory, int number, List<String> arguments) {

    static List<Call> read(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Call> calls = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".args"))
                    .toList()) {
                String name = file.getFileName().toString();
                int number = Integer.parseInt(name.substring(0, name.length() - ".args".length()));
                calls.add(new Call(directory, number, Files.readAllLines(file)));
            }
        }
        calls.sort(Comparator.comparingInt(Call::number));
        return List.copyOf(calls);
    }

    /** Another record of this call, such as {@code cwd}, {@code user}, {@code agent} or {@code host-args.json}. */
    Optional<String> note(String suffix) throws IOException {
        Path file = directory.resolve(number + "." + suffix);
        return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    }
}
