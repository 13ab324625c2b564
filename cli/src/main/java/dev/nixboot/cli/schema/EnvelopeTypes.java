package dev.nixboot.cli.schema;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.CustomDefinitionProviderV2;
import com.github.victools.jsonschema.generator.CustomPropertyDefinition;
import com.github.victools.jsonschema.generator.CustomPropertyDefinitionProvider;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.SchemaGenerationContext;
import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Scalar;
import dev.nixboot.engine.load.Value;
import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.ParameterNames;
import dev.nixboot.engine.validate.Condition;
import dev.nixboot.engine.validate.ForTypes;
import dev.nixboot.engine.validate.OneOrMany;
import dev.nixboot.engine.validate.ShortForm;
import dev.nixboot.engine.validate.VariableType;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * What the binder accepts beyond plain values, as JSON Schema, for the playbook's own records
 * ({@link dev.nixboot.engine.validate.PlaybookFormat}): loaded YAML kept as written, a {@link Condition}, the short
 * forms of {@link ShortForm} and {@link OneOrMany}, and the keys {@link ForTypes} allows only on some variable types.
 */
final class EnvelopeTypes implements CustomDefinitionProviderV2 {
    private static final List<String> ANNOTATIONS = List.of("title", "description", "default");

    @Override
    public CustomDefinition provideCustomSchemaDefinition(ResolvedType type, SchemaGenerationContext context) {
        Class<?> erased = type.getErasedType();
        ObjectNode node = context.getGeneratorConfig().createObjectNode();
        if (erased == Value.class) {
            // Any YAML value: what it must be depends on something else (a variable's type).
        } else if (erased == Mapping.class) {
            node.put("type", "object");
        } else if (erased == Scalar.class) {
            node.putArray("type").add("string").add("number").add("boolean");
        } else if (erased == Condition.class) {
            ArrayNode forms = node.putArray("anyOf");
            forms.addObject().put("type", "boolean");
            forms.addObject().put("$ref", TemplateAlternatives.REFERENCE);
        } else if (erased.isRecord() && (erased.isAnnotationPresent(ShortForm.class) || hasTypeRules(erased))) {
            ObjectNode full = context.createStandardDefinition(type, this);
            if (hasTypeRules(erased)) {
                full.set("allOf", typeRules(erased, context));
            }
            ShortForm shortForm = erased.getAnnotation(ShortForm.class);
            if (shortForm == null) {
                return new CustomDefinition(
                        full, CustomDefinition.INLINE_DEFINITION, CustomDefinition.INCLUDING_ATTRIBUTES);
            }
            // Any value but a mapping stands for one component: that component's schema, as a value alone.
            ObjectNode brief = full.path("properties").path(shortForm.value()).deepCopy();
            brief.putObject("not").put("type", "object");
            node.putArray("anyOf").add(brief).add(full);
        } else {
            return null;
        }
        // Without the type's attributes: "additionalProperties": false, which objects get by default, would forbid
        // the keys of with: and of a default written as a mapping, and break the short form's alternatives.
        return new CustomDefinition(node, CustomDefinition.INLINE_DEFINITION, CustomDefinition.EXCLUDING_ATTRIBUTES);
    }

    private static boolean hasTypeRules(Class<?> record) {
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.isAnnotationPresent(ForTypes.class)) {
                return true;
            }
        }
        return false;
    }

    /**
     * For each variable type, what a declaration of it may say: a default of that type (a string or path one may be
     * any single value) and only the keys {@link ForTypes} allows it.
     */
    private static ArrayNode typeRules(Class<?> record, SchemaGenerationContext context) {
        RecordComponent typeComponent = component(record, VariableType.class);
        String typeKey = ParameterNames.yamlName(typeComponent.getName());
        String defaultKey = record.getAnnotation(ShortForm.class).value();
        String unnamedType = typeComponent.getAnnotation(DefaultValue.class).value();
        ArrayNode rules = context.getGeneratorConfig().createArrayNode();
        for (VariableType variableType : VariableType.values()) {
            ObjectNode rule = rules.addObject();
            ObjectNode condition = rule.putObject("if");
            condition.putObject("properties").putObject(typeKey).put("const", variableType.yamlName());
            if (!variableType.yamlName().equals(unnamedType)) {
                // Without required, the rule also covers declarations that name no type, which have the default one.
                condition.putArray("required").add(typeKey);
            }
            ObjectNode then = rule.putObject("then");
            String json = jsonType(variableType.valueType());
            if (json != null) {
                then.putObject("properties").putObject(defaultKey).put("type", json);
            }
            ArrayNode forbidden = context.getGeneratorConfig().createArrayNode();
            for (RecordComponent component : record.getRecordComponents()) {
                ForTypes forTypes = component.getAnnotation(ForTypes.class);
                if (forTypes != null && !List.of(forTypes.value()).contains(variableType)) {
                    forbidden.addObject().putArray("required").add(ParameterNames.yamlName(component.getName()));
                }
            }
            if (!forbidden.isEmpty()) {
                then.putObject("not").set("anyOf", forbidden);
            }
        }
        return rules;
    }

    private static String jsonType(Class<?> valueType) {
        if (valueType == Integer.class) {
            return "integer";
        }
        if (valueType == Boolean.class) {
            return "boolean";
        }
        if (valueType == List.class) {
            return "array";
        }
        return null; // text: the binder takes any single value's text
    }

    private static RecordComponent component(Class<?> record, Class<?> type) {
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.getType() == type) {
                return component;
            }
        }
        throw new IllegalStateException(record.getName() + " has no " + type.getSimpleName() + " component");
    }

    /** A {@link OneOrMany} list: its item alone, or the list. */
    static final class Lists implements CustomPropertyDefinitionProvider<FieldScope> {
        @Override
        public CustomPropertyDefinition provideCustomSchemaDefinition(
                FieldScope field, SchemaGenerationContext context) {
            if (field.isFakeContainerItemScope() || field.getAnnotation(OneOrMany.class) == null) {
                return null;
            }
            ObjectNode list = context.createStandardDefinition(field, this);
            ANNOTATIONS.forEach(list::remove);
            JsonNode item = list.path("items");
            ObjectNode node = context.getGeneratorConfig().createObjectNode();
            node.putArray("anyOf").add(item.deepCopy()).add(list);
            return new CustomPropertyDefinition(node, CustomDefinition.AttributeInclusion.YES);
        }
    }
}
