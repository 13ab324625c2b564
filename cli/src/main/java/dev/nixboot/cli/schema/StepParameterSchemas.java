package dev.nixboot.cli.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.MemberScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.ParameterNames;
import dev.nixboot.engine.spi.Unwrapped;
import dev.nixboot.engine.validate.ParameterBinder;
import jakarta.validation.constraints.Pattern;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;

/**
 * The JSON schema of one step parameter record, made by victools from the record itself: its components' Jakarta
 * constraints become minimum/maximum/pattern/minLength, {@link Description} the description, {@link DefaultValue}
 * the default. The schema file and {@code nixboot steps} both read this, so they cannot drift apart.
 */
public final class StepParameterSchemas {
    private final SchemaGenerator generator;

    public StepParameterSchemas() {
        this.generator = new SchemaGenerator(config().build());
    }

    /**
     * How a record the binder binds becomes a schema: each component's Jakarta constraints become
     * minimum/maximum/pattern/minLength, {@link Description} the description, {@link DefaultValue} the default, and
     * a component is required when the binder would call it missing. The playbook's own records use it too.
     */
    static SchemaGeneratorConfigBuilder config() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(
                        SchemaVersion.DRAFT_7, OptionPreset.PLAIN_JSON)
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .with(Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
                // Each step's schema is pasted into the playbook schema; references into its own $defs would dangle.
                .with(Option.INLINE_ALL_SCHEMAS)
                .without(Option.SCHEMA_VERSION_INDICATOR)
                // Patterns are added below, anchored: Jakarta matches the whole value, JSON Schema any part of it.
                .with(new JakartaValidationModule());
        config.forFields()
                .withPropertyNameOverrideResolver(field -> ParameterNames.yamlName(field.getDeclaredName()))
                .withDescriptionResolver(field -> describe(field))
                .withDefaultResolver(field -> defaultOf(field))
                .withRequiredCheck(StepParameterSchemas::isRequired)
                .withStringPatternResolver(StepParameterSchemas::pattern);
        config.forTypesInGeneral()
                .withCustomDefinitionProvider(ValueTypes.PLAYBOOK)
                .withPropertySorter(declarationOrder());
        return config;
    }

    /** The schema of the record as a {@code with:} mapping: an object with one property per component. */
    public ObjectNode schemaFor(Class<? extends Record> parameters) {
        return unwrap(parameters, generator.generateSchema(parameters));
    }

    /**
     * Puts the properties of each {@link Unwrapped} component where the component is, as the binder reads them:
     * victools describes it as an object property of its own.
     */
    private static ObjectNode unwrap(Class<?> record, ObjectNode schema) {
        if (!(schema.get("properties") instanceof ObjectNode properties)) {
            return schema;
        }
        Set<String> wasRequired = new HashSet<>();
        schema.path("required").forEach(name -> wasRequired.add(name.asText()));
        ObjectNode flat = properties.objectNode();
        ArrayNode required = schema.arrayNode();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = ParameterNames.yamlName(component.getName());
            if (component.isAnnotationPresent(Unwrapped.class)) {
                ObjectNode inner = unwrap(component.getType(), (ObjectNode) properties.get(name));
                flat.setAll((ObjectNode) inner.get("properties"));
                inner.path("required").forEach(required::add);
            } else if (properties.has(name)) {
                flat.set(name, properties.get(name));
                if (wasRequired.contains(name)) {
                    required.add(name);
                }
            }
        }
        schema.set("properties", flat);
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return schema;
    }

    /** Whether a playbook must give this parameter; the binder decides, for the schema as for binding. */
    public static boolean isRequired(FieldScope field) {
        if (field.isFakeContainerItemScope()) {
            return false;
        }
        for (RecordComponent component :
                field.getDeclaringType().getErasedType().getRecordComponents()) {
            if (component.getName().equals(field.getDeclaredName())) {
                return ParameterBinder.isRequired(component);
            }
        }
        return false;
    }

    private static String pattern(FieldScope field) {
        Pattern pattern = field.isFakeContainerItemScope()
                ? field.getContainerItemAnnotationConsideringFieldAndGetter(Pattern.class)
                : field.getAnnotationConsideringFieldAndGetter(Pattern.class);
        return pattern == null ? null : PlaybookSyntax.anchored(pattern.regexp());
    }

    private static String describe(FieldScope field) {
        if (field.isFakeContainerItemScope()) {
            return null;
        }
        Description description = field.getAnnotation(Description.class);
        return description == null ? null : description.value();
    }

    private static Object defaultOf(FieldScope field) {
        if (field.isFakeContainerItemScope()) {
            return null;
        }
        DefaultValue value = field.getAnnotation(DefaultValue.class);
        if (value == null) {
            return null;
        }
        Class<?> type = field.getType().getErasedType();
        boolean stringTyped = type == String.class || type == Path.class || type == Duration.class || type.isEnum();
        return DefaultValues.parse(value.value(), stringTyped);
    }

    /** Parameters appear in the order the record declares them, which is the order their author chose to explain. */
    public static Comparator<MemberScope<?, ?>> declarationOrder() {
        return Comparator.comparingInt(StepParameterSchemas::componentIndex);
    }

    private static int componentIndex(MemberScope<?, ?> member) {
        RecordComponent[] components = member.getDeclaringType().getErasedType().getRecordComponents();
        if (components != null) {
            for (int i = 0; i < components.length; i++) {
                if (components[i].getName().equals(member.getDeclaredName())) {
                    return i;
                }
            }
        }
        return Integer.MAX_VALUE;
    }
}
