package dev.nixboot.engine.state;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * Plain values — maps, collections, strings, numbers, booleans and null — written with Jackson's streaming
 * generator, anything else as its text; shared by the state file and the command's {@code --output json} events,
 * whose step outputs are such values.
 */
public final class JsonValues {
    /** Writes the values it knows and says so; asked first, for the value and for everything nested in it. */
    @FunctionalInterface
    public interface Extension {
        boolean write(JsonGenerator out, Object value) throws IOException;
    }

    /** No values beyond the plain ones. */
    public static final Extension PLAIN = (out, value) -> false;

    private JsonValues() {}

    public static void write(JsonGenerator out, Object value, Extension extension) throws IOException {
        if (extension.write(out, value)) {
            return;
        }
        if (value == null) {
            out.writeNull();
        } else if (value instanceof Boolean bool) {
            out.writeBoolean(bool);
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number number) {
            out.writeNumber(number.doubleValue());
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeFieldName(String.valueOf(entry.getKey()));
                write(out, entry.getValue(), extension);
            }
            out.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            out.writeStartArray();
            for (Object element : list) {
                write(out, element, extension);
            }
            out.writeEndArray();
        } else {
            out.writeString(value.toString());
        }
    }
}
