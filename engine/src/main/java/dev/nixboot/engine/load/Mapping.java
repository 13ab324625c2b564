package dev.nixboot.engine.load;

import dev.nixboot.engine.api.SourceLocation;
import java.util.List;
import java.util.Optional;

/** A YAML mapping with scalar keys, in file order. Keys are unique: the loader rejects duplicates. */
public record Mapping(List<Entry> entries, SourceLocation location) implements Value {

    public record Entry(Scalar key, Value value) {}

    public Mapping {
        entries = List.copyOf(entries);
    }

    public Optional<Value> get(String key) {
        for (Entry entry : entries) {
            if (entry.key().text().equals(key)) {
                return Optional.of(entry.value());
            }
        }
        return Optional.empty();
    }

    public Optional<Entry> entry(String key) {
        for (Entry entry : entries) {
            if (entry.key().text().equals(key)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "a mapping";
    }
}
