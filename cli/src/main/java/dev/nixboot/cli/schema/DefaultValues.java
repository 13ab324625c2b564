package dev.nixboot.cli.schema;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Turns a {@link dev.nixboot.engine.spi.DefaultValue} (written as YAML, like user input) into the value the
 * schema and the docs show, so {@code "22"} on an int parameter becomes the number 22.
 */
final class DefaultValues {
    private DefaultValues() {}

    /**
     * The default as JSON. A string parameter keeps the text as written: YAML would read {@code "0755"} or
     * {@code "no"} as something else, and the binder does not do that to string parameters either.
     */
    static Object parse(String yaml, boolean stringTyped) {
        if (stringTyped) {
            return yaml;
        }
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }
}
