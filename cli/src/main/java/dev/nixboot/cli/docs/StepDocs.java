package dev.nixboot.cli.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nixboot.cli.schema.PlaybookSyntax;
import dev.nixboot.cli.schema.StepParameterSchemas;
import dev.nixboot.engine.spi.OutputDescriptor;
import dev.nixboot.engine.spi.ParameterNames;
import dev.nixboot.engine.spi.Secret;
import dev.nixboot.engine.spi.Step;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text of {@code nixboot steps}: a list of step types, or one type's parameters, outputs and example. Types and
 * constraints are read from the same generated schema as the schema file, so the two say the same thing.
 */
public final class StepDocs {
    private final StepParameterSchemas schemas;

    public StepDocs(StepParameterSchemas schemas) {
        this.schemas = schemas;
    }

    /** One line per step type: its name and summary, aligned. */
    public String list(List<Step<?, ?>> steps) {
        int width = steps.stream().mapToInt(s -> s.type().length()).max().orElse(0);
        StringBuilder text = new StringBuilder();
        for (Step<?, ?> step : steps) {
            text.append(pad(step.type(), width))
                    .append("  ")
                    .append(step.summary())
                    .append('\n');
        }
        text.append('\n').append("Run `nixboot steps TYPE` for a step's parameters, outputs and an example.\n");
        return text.toString();
    }

    /** A step's parameters (type, required or default, constraints, description), outputs and example. */
    public String describe(Step<?, ?> step) {
        StringBuilder text = new StringBuilder();
        text.append(step.type()).append(": ").append(step.summary()).append('\n');
        text.append('\n').append("Parameters (under with:):\n");
        List<Parameter> parameters = parameters(step);
        if (parameters.isEmpty()) {
            text.append("  none\n");
        }
        int width = parameters.stream().mapToInt(p -> p.name().length()).max().orElse(0);
        for (Parameter parameter : parameters) {
            text.append("  ")
                    .append(pad(parameter.name(), width))
                    .append("  ")
                    .append(parameter.facts())
                    .append('\n');
            if (!parameter.description().isEmpty()) {
                text.append("  ")
                        .append(" ".repeat(width))
                        .append("  ")
                        .append(parameter.description())
                        .append('\n');
            }
        }
        text.append('\n').append("Outputs (${{ steps.<id>.outputs.<name> }}):\n");
        List<OutputDescriptor> outputs = outputs(step);
        if (outputs.isEmpty()) {
            text.append("  none\n");
        }
        int nameWidth = outputs.stream().mapToInt(o -> o.name().length()).max().orElse(0);
        int kindWidth = outputs.stream().mapToInt(o -> kind(o).length()).max().orElse(0);
        for (OutputDescriptor output : outputs) {
            text.append("  ")
                    .append(pad(output.name(), nameWidth))
                    .append("  ")
                    .append(pad(kind(output), kindWidth))
                    .append("  ")
                    .append(output.description())
                    .append('\n');
        }
        String example = step.example().strip();
        if (!example.isEmpty()) {
            text.append('\n').append("Example:\n");
            example.lines().forEach(line -> text.append("  ").append(line).append('\n'));
        }
        return text.toString();
    }

    /** A step's outputs, read from its output record. */
    public List<OutputDescriptor> outputs(Step<?, ?> step) {
        return OutputDescriptor.of(step.outputs());
    }

    /** "text", "number, secret": what kind of value an output holds, as the docs show it. */
    public static String kind(OutputDescriptor output) {
        String kind =
                switch (output.type()) {
                    case TEXT -> "text";
                    case NUMBER -> "number";
                    case BOOLEAN -> "bool";
                    case LIST -> "list";
                    case ANY -> "any";
                };
        return output.secret() ? kind + ", secret" : kind;
    }

    /** One parameter as the docs show it. */
    public record Parameter(
            String name,
            String type,
            boolean required,
            String defaultValue,
            boolean secret,
            List<String> constraints,
            String description) {

        /** "int, default 22, 1..65535": the facts line under the name. */
        public String facts() {
            List<String> facts = new ArrayList<>();
            facts.add(type);
            if (required) {
                facts.add("required");
            }
            if (defaultValue != null) {
                facts.add("default " + defaultValue);
            }
            if (secret) {
                facts.add("secret");
            }
            facts.addAll(constraints);
            return String.join(", ", facts);
        }
    }

    /** The parameters of a step in declaration order, read from its generated schema. */
    public List<Parameter> parameters(Step<?, ?> step) {
        ObjectNode schema = schemas.schemaFor(step.parameters());
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        Set<String> secrets = new HashSet<>();
        for (RecordComponent component : step.parameters().getRecordComponents()) {
            if (component.isAnnotationPresent(Secret.class)) {
                secrets.add(ParameterNames.yamlName(component.getName()));
            }
        }
        List<Parameter> parameters = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> properties =
                schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            JsonNode node = property.getValue();
            JsonNode defaultValue = node.get("default");
            parameters.add(new Parameter(
                    property.getKey(),
                    typeName(node),
                    required.contains(property.getKey()),
                    defaultValue == null ? null : defaultValue.toString(),
                    secrets.contains(property.getKey()),
                    constraints(node),
                    node.path("description").asText("")));
        }
        return parameters;
    }

    static String typeName(JsonNode schema) {
        String type = schema.path("type").asText("");
        return switch (type) {
            case "integer" -> "int";
            case "boolean" -> "bool";
            case "number" -> "number";
            case "string" -> schema.has("enum") ? "choice" : isDuration(schema) ? "duration" : "string";
            case "array" -> schema.has("items") ? "list of " + typeName(schema.get("items")) : "list";
            case "object" ->
                schema.get("additionalProperties") instanceof ObjectNode values
                        ? "map of " + typeName(values)
                        : "mapping";
            default -> "value";
        };
    }

    static List<String> constraints(JsonNode schema) {
        List<String> constraints = new ArrayList<>();
        if (schema.has("enum")) {
            List<String> values = new ArrayList<>();
            schema.get("enum").forEach(v -> values.add(v.isTextual() ? v.asText() : v.toString()));
            constraints.add("one of " + String.join("|", values));
        }
        JsonNode min = schema.get("minimum");
        JsonNode max = schema.get("maximum");
        if (min != null && max != null) {
            constraints.add(min.asText() + ".." + max.asText());
        } else if (min != null) {
            constraints.add("at least " + min.asText());
        } else if (max != null) {
            constraints.add("at most " + max.asText());
        }
        if (schema.has("exclusiveMinimum")) {
            constraints.add("above " + schema.get("exclusiveMinimum").asText());
        }
        if (schema.has("exclusiveMaximum")) {
            constraints.add("below " + schema.get("exclusiveMaximum").asText());
        }
        lengths(schema, "minLength", "maxLength", "characters", constraints);
        lengths(schema, "minItems", "maxItems", "items", constraints);
        if (schema.has("pattern") && !isDuration(schema)) {
            constraints.add("matching " + schema.get("pattern").asText());
        }
        if (schema.has("items")) {
            constraints(schema.get("items")).forEach(c -> constraints.add("each " + c));
        }
        return constraints;
    }

    private static boolean isDuration(JsonNode schema) {
        return PlaybookSyntax.DURATION.equals(schema.path("pattern").asText());
    }

    private static void lengths(JsonNode schema, String minKey, String maxKey, String unit, List<String> into) {
        JsonNode min = schema.get(minKey);
        JsonNode max = schema.get(maxKey);
        if (min != null && min.asInt() == 1 && max == null) {
            into.add("not empty");
        } else if (min != null && max != null) {
            into.add(min.asText() + ".." + max.asText() + " " + unit);
        } else if (min != null) {
            into.add("at least " + min.asText() + " " + unit);
        } else if (max != null) {
            into.add("at most " + max.asText() + " " + unit);
        }
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
