package dev.nixboot.engine.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state file as JSON, through Jackson's streaming API rather than data binding: an {@code ObjectMapper} loads
 * about 500 classes, which cost up to a second of a short run's start on a busy two-core machine, while the state
 * is only maps, lists and scalars.
 */
final class StateJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private StateJson() {}

    static byte[] write(RunState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = FACTORY.createGenerator(bytes)) {
            out.useDefaultPrettyPrinter();
            out.writeStartObject();
            out.writeNumberField("version", state.version());
            out.writeStringField("playbook", state.playbook());
            out.writeStringField("fingerprint", state.fingerprint());
            out.writeStringField("updated", state.updated());
            out.writeFieldName("completed");
            JsonValues.write(out, state.completed(), JsonValues.PLAIN);
            if (!state.withheld().isEmpty()) {
                out.writeFieldName("withheld");
                JsonValues.write(out, state.withheld(), JsonValues.PLAIN);
            }
            out.writeFieldName("variables");
            JsonValues.write(out, state.variables(), JsonValues.PLAIN);
            out.writeEndObject();
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    static RunState read(byte[] json) throws IOException {
        try (JsonParser in = FACTORY.createParser(json)) {
            if (!(value(in, in.nextToken()) instanceof Map<?, ?> root)) {
                throw new IOException("not a JSON object");
            }
            Map<String, Map<String, Object>> completed = new LinkedHashMap<>();
            if (root.get("completed") instanceof Map<?, ?> steps) {
                steps.forEach((id, outputs) -> completed.put(
                        String.valueOf(id), outputs instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of()));
            }
            Map<String, List<String>> withheld = new LinkedHashMap<>();
            if (root.get("withheld") instanceof Map<?, ?> steps) {
                steps.forEach((id, names) -> {
                    if (names instanceof List<?> list) {
                        withheld.put(
                                String.valueOf(id),
                                list.stream().map(String::valueOf).toList());
                    }
                });
            }
            return new RunState(
                    root.get("version") instanceof Number number ? number.intValue() : 0,
                    text(root.get("playbook")),
                    text(root.get("fingerprint")),
                    text(root.get("updated")),
                    completed,
                    withheld,
                    root.get("variables") instanceof Map<?, ?> variables ? (Map<String, Object>) variables : Map.of());
        }
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static Object value(JsonParser in, JsonToken token) throws IOException {
        if (token == null) {
            throw new IOException("unexpected end of file");
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken next = in.nextToken(); next != JsonToken.END_OBJECT; next = in.nextToken()) {
                    String name = in.currentName();
                    map.put(name, value(in, in.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken next = in.nextToken(); next != JsonToken.END_ARRAY; next = in.nextToken()) {
                    list.add(value(in, next));
                }
                return list;
            }
            case VALUE_STRING:
                return in.getText();
            case VALUE_NUMBER_INT: {
                long number = in.getLongValue();
                return number == (int) number ? (Object) (int) number : (Object) number;
            }
            case VALUE_NUMBER_FLOAT:
                return in.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected " + token + " at " + in.currentLocation());
        }
    }
}
