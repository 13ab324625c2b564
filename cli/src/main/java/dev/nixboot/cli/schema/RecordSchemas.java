package dev.nixboot.cli.schema;

import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.ParameterNames;

/**
 * The victools configuration the schemas generated from nixboot's own records share (run events, inventory files):
 * draft 7, schemas inlined, maps as additionalProperties, components named in snake_case and described by their
 * {@link Description}. Each schema adds its own rules.
 */
public final class RecordSchemas {
    private RecordSchemas() {}

    /** The shared configuration, with {@code extra} (how absent or additional properties are treated). */
    public static SchemaGeneratorConfigBuilder config(Option extra) {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(
                        SchemaVersion.DRAFT_7, OptionPreset.PLAIN_JSON)
                .with(Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
                .with(Option.INLINE_ALL_SCHEMAS)
                .with(extra)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        config.forFields()
                .withPropertyNameOverrideResolver(field -> ParameterNames.yamlName(field.getDeclaredName()))
                .withDescriptionResolver(RecordSchemas::describe);
        config.forTypesInGeneral().withPropertySorter(StepParameterSchemas.declarationOrder());
        return config;
    }

    private static String describe(FieldScope field) {
        if (field.isFakeContainerItemScope()) {
            return null;
        }
        Description description = field.getAnnotation(Description.class);
        return description == null ? null : description.value();
    }
}
