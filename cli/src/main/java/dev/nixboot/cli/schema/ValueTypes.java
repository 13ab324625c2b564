package dev.nixboot.cli.schema;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.CustomDefinitionProviderV2;
import com.github.victools.jsonschema.generator.SchemaGenerationContext;
import dev.nixboot.engine.validate.Scalars;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * Java types written as JSON strings: paths, durations and enums. Enum constants are lower case, with hyphens in
 * playbooks (the binder's canonical spelling: {@code SKIP_CHECKS} is skip-checks) and underscores in events (JSON
 * consumers' habit: skipped_condition).
 */
public final class ValueTypes implements CustomDefinitionProviderV2 {
    /** As the binder reads them. */
    public static final ValueTypes PLAYBOOK = new ValueTypes(Scalars::enumName);

    public static final ValueTypes EVENTS =
            new ValueTypes(constant -> constant.name().toLowerCase(Locale.ROOT));

    private final Function<Enum<?>, String> spelling;

    private ValueTypes(Function<Enum<?>, String> spelling) {
        this.spelling = spelling;
    }

    /** A victools definition for these types; null for every other type, which victools handles itself. */
    @Override
    public CustomDefinition provideCustomSchemaDefinition(ResolvedType type, SchemaGenerationContext context) {
        Class<?> erased = type.getErasedType();
        ObjectNode node = context.getGeneratorConfig().createObjectNode();
        if (Path.class.isAssignableFrom(erased)) {
            node.put("type", "string").put("minLength", 1);
        } else if (erased == Duration.class) {
            node.put("type", "string").put("pattern", PlaybookSyntax.DURATION);
        } else if (erased.isEnum()) {
            node.put("type", "string");
            ArrayNode values = node.putArray("enum");
            for (Object constant : erased.getEnumConstants()) {
                values.add(name((Enum<?>) constant));
            }
        } else {
            return null;
        }
        return new CustomDefinition(node, CustomDefinition.INLINE_DEFINITION, CustomDefinition.INCLUDING_ATTRIBUTES);
    }

    /** How a constant is spelled: {@code SKIPPED_CONDITION} is skipped-condition or skipped_condition. */
    public String name(Enum<?> constant) {
        return spelling.apply(constant);
    }
}
