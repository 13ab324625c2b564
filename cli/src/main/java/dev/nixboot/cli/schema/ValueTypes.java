package dev.nixboot.cli.schema;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.SchemaGenerationContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** Java types written as JSON strings: paths, durations and enums (spelled in lower case, as playbooks write them). */
public final class ValueTypes {
    private ValueTypes() {}

    /** A victools custom definition for these types; null for every other type, which victools handles itself. */
    public static CustomDefinition definition(ResolvedType type, SchemaGenerationContext context) {
        Class<?> erased = type.getErasedType();
        ObjectNode node = context.getGeneratorConfig().createObjectNode();
        if (Path.class.isAssignableFrom(erased)) {
            node.put("type", "string");
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

    /** How an enum constant is spelled in playbooks and events: {@code SKIPPED_CONDITION} is skipped_condition. */
    public static String name(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }
}
