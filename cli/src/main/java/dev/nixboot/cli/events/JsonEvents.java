package dev.nixboot.cli.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.nixboot.cli.schema.ValueTypes;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --output json}: each run event as one JSON object on its own line (JSON Lines), flushed at once so a
 * wrapper reading the pipe sees it as it happens. The fields are those of {@link Event}, described by
 * schemas/events.schema.json. Texts arrive masked from the engine and are written as they are.
 */
public final class JsonEvents implements RunListener {
    private static final ObjectMapper MAPPER = mapper();

    private final PrintWriter out;
    private final Clock clock;

    public JsonEvents(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void runStarted(String playbookName, int stepCount) {
        write(new Event.RunStarted(now(), playbookName, stepCount));
    }

    @Override
    public void stepStarted(String stepId, String type, int attempt) {
        write(new Event.StepStarted(now(), stepId, type, attempt));
    }

    @Override
    public void output(String stepId, Stream stream, String line) {
        write(new Event.Output(now(), stepId, stream, line));
    }

    @Override
    public void stepFinished(String stepId, StepStatus status, Duration duration, Map<String, Object> outputs,
            String error) {
        write(new Event.StepFinished(now(), stepId, status, millis(duration), outputs == null ? Map.of() : outputs,
                error));
    }

    @Override
    public void notice(String message) {
        write(new Event.Notice(now(), message));
    }

    @Override
    public void runFinished(RunSummary summary) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<Event.StepSummary> steps = new ArrayList<>();
        for (RunSummary.StepResult step : summary.steps()) {
            counts.merge(ValueTypes.EVENTS.name(step.status()), 1, Integer::sum);
            steps.add(new Event.StepSummary(step.id(), step.type(), step.status(), millis(step.duration()),
                    step.error()));
        }
        write(new Event.RunFinished(now(), summary.exitCode(), millis(summary.duration()), counts, steps));
    }

    /** One event as its JSON line, without the line end. */
    static String line(Event event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("event", event.kind());
        node.setAll((ObjectNode) MAPPER.valueToTree(event));
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Worker threads report at once; a line must never be interleaved with another.
    private synchronized void write(Event event) {
        out.print(line(event));
        out.print('\n');
        out.flush();
    }

    private String now() {
        return clock.instant().toString();
    }

    private static long millis(Duration duration) {
        return duration == null ? 0 : duration.toMillis();
    }

    private static ObjectMapper mapper() {
        SimpleModule enums = new SimpleModule("lower-case enums");
        enums.addSerializer(new LowerCaseEnum());
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .registerModule(enums);
    }

    /** StepStatus.SKIPPED_CONDITION is written skipped_condition, as the schema lists it. */
    private static final class LowerCaseEnum extends StdSerializer<Enum<?>> {
        private static final long serialVersionUID = 1L;

        @SuppressWarnings("unchecked")
        LowerCaseEnum() {
            super((Class<Enum<?>>) (Class<?>) Enum.class);
        }

        @Override
        public void serialize(Enum<?> value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(ValueTypes.EVENTS.name(value));
        }
    }
}
