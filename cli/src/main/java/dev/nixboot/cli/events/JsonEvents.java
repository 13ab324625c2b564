package dev.nixboot.cli.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.nixboot.cli.schema.ValueTypes;
import dev.nixboot.engine.api.Progress;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import dev.nixboot.engine.spi.ParameterNames;
import dev.nixboot.engine.state.JsonValues;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
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
    /** Jackson's streaming writer: events are a handful of flat records, not worth data binding's start-up. */
    private static final JsonFactory FACTORY = new JsonFactory();

    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };

    private final PrintWriter out;
    private final Clock clock;
    /** The host of a run over many ({@code --inventory}), written into every event; null for a single run. */
    private final String host;

    public JsonEvents(PrintWriter out, Clock clock) {
        this(out, clock, null);
    }

    public JsonEvents(PrintWriter out, Clock clock, String host) {
        this.out = out;
        this.clock = clock;
        this.host = host;
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
    public void progress(String stepId, Progress progress) {
        Long secondsLeft = progress.remaining().map(Duration::toSeconds).orElse(null);
        write(new Event.Progress(
                now(),
                stepId,
                progress.activity(),
                progress.doneBytes(),
                progress.totalBytes(),
                progress.bytesPerSecond(),
                secondsLeft));
    }

    @Override
    public void stepFinished(
            String stepId, StepStatus status, Duration duration, Map<String, Object> outputs, String error) {
        write(new Event.StepFinished(
                now(), stepId, status, millis(duration), outputs == null ? Map.of() : outputs, error));
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
            steps.add(new Event.StepSummary(
                    step.id(), step.type(), step.status(), millis(step.duration()), step.error()));
        }
        write(new Event.RunFinished(now(), summary.exitCode(), millis(summary.duration()), counts, steps));
    }

    /** A dry run: one {@code planned_step} line for each step, in execution order. */
    public void plan(List<dev.nixboot.engine.api.PlannedStep> plan) {
        // Flushed once at the end: a plan is written in one go, and a flush is a system call.
        for (dev.nixboot.engine.api.PlannedStep step : plan) {
            out.print(line(
                    new Event.PlannedStep(
                            step.id(),
                            step.type(),
                            step.description(),
                            step.needs(),
                            step.when(),
                            step.parameters(),
                            step.actions(),
                            step.selected()),
                    host));
            out.print('\n');
        }
        out.flush();
    }

    /** One event as its JSON line, without the line end. */
    static String line(Event event) {
        return line(event, null);
    }

    /** One event as its JSON line, with the {@code host} field when there is a host. */
    static String line(Event event, String host) {
        StringWriter line = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(line)) {
            generator.writeStartObject();
            generator.writeStringField("event", event.kind());
            if (host != null) {
                generator.writeStringField(EventSchema.HOST, host);
            }
            fields(generator, (Record) event);
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.toString();
    }

    /** A record's components in declaration order, named in snake_case. */
    private static void fields(JsonGenerator generator, Record record) throws IOException {
        for (RecordComponent component : COMPONENTS.get(record.getClass())) {
            generator.writeFieldName(ParameterNames.yamlName(component.getName()));
            try {
                JsonValues.write(generator, component.getAccessor().invoke(record), JsonEvents::eventValue);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
        }
    }

    /** What events hold beyond plain values: records (nested summaries), enums, exact big numbers. */
    private static boolean eventValue(JsonGenerator generator, Object value) throws IOException {
        if (value instanceof Record record) {
            generator.writeStartObject();
            fields(generator, record);
            generator.writeEndObject();
        } else if (value instanceof Enum<?> constant) {
            // StepStatus.SKIPPED_CONDITION is written skipped_condition, as the schema lists it.
            generator.writeString(ValueTypes.EVENTS.name(constant));
        } else if (value instanceof BigInteger number) {
            generator.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            generator.writeNumber(number);
        } else {
            return false;
        }
        return true;
    }

    // Worker threads report at once; a line must never be interleaved with another.
    private void write(Event event) {
        String text = line(event, host);
        // Several hosts' writers share one stream: the stream is the lock, so lines never interleave.
        synchronized (out) {
            out.print(text);
            out.print('\n');
            out.flush();
        }
    }

    private String now() {
        return clock.instant().toString();
    }

    private static long millis(Duration duration) {
        return duration == null ? 0 : duration.toMillis();
    }
}
