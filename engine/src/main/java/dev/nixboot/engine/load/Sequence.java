package dev.nixboot.engine.load;

import dev.nixboot.engine.api.SourceLocation;
import java.util.List;

/** A YAML sequence. */
public record Sequence(List<Value> items, SourceLocation location) implements Value {
    public Sequence {
        items = List.copyOf(items);
    }

    @Override
    public String describe() {
        return "a list";
    }
}
