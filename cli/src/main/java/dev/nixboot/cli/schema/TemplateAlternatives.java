package dev.nixboot.cli.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lets a parameter hold a {@code ${{ ... }}} template wherever its own type would not admit one: {@code port: ${{
 * ssh_port }}} is a string in YAML but an int once resolved. The alternative is added beside the real type, so editors
 * still complete and check literal values.
 */
final class TemplateAlternatives {
    static final String REFERENCE = "#/definitions/template";
    private static final List<String> ANNOTATIONS = List.of("title", "description", "default");

    private TemplateAlternatives() {}

    /** Adds the template alternative to each property of an object schema, and inside lists and maps. */
    static void addToProperties(ObjectNode objectSchema) {
        JsonNode properties = objectSchema.get("properties");
        if (properties instanceof ObjectNode props) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            props.fields().forEachRemaining(entries::add);
            for (Map.Entry<String, JsonNode> entry : entries) {
                props.set(entry.getKey(), withTemplate(entry.getValue()));
            }
        }
    }

    private static JsonNode withTemplate(JsonNode schema) {
        if (!(schema instanceof ObjectNode node)) {
            return schema;
        }
        addToProperties(node);
        if (node.get("items") instanceof ObjectNode) {
            node.set("items", withTemplate(node.get("items")));
        }
        if (node.get("additionalProperties") instanceof ObjectNode) {
            node.set("additionalProperties", withTemplate(node.get("additionalProperties")));
        }
        if (!rejectsTemplates(node)) {
            if (node.has("type")) {
                // The binder takes any scalar's text for a string: `version: 1.0` or `mode: 0755` are fine.
                node.putArray("type").add("string").add("number").add("boolean");
            }
            return node;
        }
        ObjectNode outer = node.objectNode();
        for (String annotation : ANNOTATIONS) {
            if (node.has(annotation)) {
                outer.set(annotation, node.remove(annotation));
            }
        }
        outer.putArray("anyOf").add(node).add(node.objectNode().put("$ref", REFERENCE));
        return outer;
    }

    /** A plain string takes a template as it is; anything typed or constrained would turn it away. */
    private static boolean rejectsTemplates(ObjectNode node) {
        JsonNode type = node.get("type");
        if (type == null) {
            return false;
        }
        if (!type.isTextual() || !type.asText().equals("string")) {
            return true;
        }
        return node.has("enum")
                || node.has("const")
                || node.has("pattern")
                || node.has("format")
                || node.has("maxLength");
    }
}
