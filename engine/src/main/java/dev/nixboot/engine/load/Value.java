package dev.nixboot.engine.load;

import dev.nixboot.engine.api.SourceLocation;

/**
 * A YAML value as plain data, each part keeping where it was written. The pipeline binds from this tree rather than
 * from constructed Java objects so every problem can point at its line and column.
 */
public sealed interface Value permits Scalar, Sequence, Mapping {

    SourceLocation location();

    /** What kind of value this is, for messages: "a string", "a list", "a mapping". */
    String describe();
}
