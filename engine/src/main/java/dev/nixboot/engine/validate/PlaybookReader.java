package dev.nixboot.engine.validate;

import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.Scalar;
import dev.nixboot.engine.load.Sequence;
import dev.nixboot.engine.load.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks the shape of a playbook: its top-level keys, each variable declaration and each step's own keys. */
public final class PlaybookReader {
    static final List<String> TOP_LEVEL_KEYS = List.of("name", "description", "vars", "steps");
    static final List<String> STEP_KEYS = List.of("id", "type", "with", "needs", "when", "retry", "timeout",
            "continue_on_error", "confirm", "tags", "description", "lock");
    static final List<String> RETRY_KEYS = List.of("attempts", "delay", "backoff");
    /** Step ids are names in expressions ({@code ${{ steps.<id>.outputs.x }}}), so they must be identifiers. */
    public static final Pattern STEP_ID = Pattern.compile("[a-z][a-z0-9_]*");
    /** Lock names are plain words, so that a message naming one reads as it was written. */
    public static final Pattern LOCK_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

    private final Problems problems;

    public PlaybookReader(Problems problems) {
        this.problems = problems;
    }

    public PlaybookSource read(Value root, String defaultName) {
        if (!(root instanceof Mapping mapping)) {
            problems.add(root.location(), "", "a playbook is a mapping with name, description, vars and steps, not "
                    + root.describe());
            return new PlaybookSource(defaultName, "", List.of(), List.of());
        }
        Fields fields = new Fields(mapping, "", problems, TOP_LEVEL_KEYS);
        String name = fields.string("name").orElse(defaultName);
        String description = fields.string("description").orElse("");
        List<VariableDeclaration> variables = new Variables(problems).declarations(fields.value("vars"));
        List<StepSource> steps = steps(fields);
        return new PlaybookSource(name, description, variables, steps);
    }

    private List<StepSource> steps(Fields top) {
        Optional<Value> value = top.value("steps");
        if (value.isEmpty()) {
            problems.add(top.mapping().location(), "steps", "the playbook has no steps: add a 'steps:' list");
            return List.of();
        }
        if (!(value.get() instanceof Sequence sequence)) {
            problems.add(value.get().location(), "steps", "must be a list of steps (each item starts with '- id:'),"
                    + " not " + value.get().describe());
            return List.of();
        }
        List<StepSource> steps = new ArrayList<>();
        Map<String, Scalar> seen = new HashMap<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            Value item = sequence.items().get(i);
            String path = "steps[" + i + "]";
            if (!(item instanceof Mapping mapping)) {
                problems.add(item.location(), path, "a step is a mapping with at least id and type, not "
                        + item.describe());
                continue;
            }
            step(i, mapping, path).ifPresent(step -> {
                Scalar earlier = seen.putIfAbsent(step.id().text(), step.id());
                if (earlier != null) {
                    problems.add(step.id().location(), path + ".id", "duplicate step id '" + step.id().text()
                            + "' (first at line " + earlier.location().line() + "); ids must be unique");
                } else {
                    steps.add(step);
                }
            });
        }
        return steps;
    }

    private Optional<StepSource> step(int index, Mapping mapping, String path) {
        Fields fields = new Fields(mapping, path, problems, STEP_KEYS);
        Optional<Scalar> id = fields.scalar("id");
        Optional<Scalar> type = fields.scalar("type");
        if (id.isEmpty()) {
            problems.add(mapping.location(), path, "missing 'id': every step needs one, such as 'id: install'");
        } else if (!STEP_ID.matcher(id.get().text()).matches()) {
            problems.add(id.get().location(), path + ".id", "'" + id.get().text() + "' is not a valid step id: use"
                    + " lowercase letters, digits and _, starting with a letter, because ids are used in"
                    + " ${{ steps.<id>.outputs.<name> }}");
        }
        if (type.isEmpty()) {
            problems.add(mapping.location(), path, "missing 'type': say which kind of step this is, such as"
                    + " 'type: exec'");
        }
        Mapping with = with(fields, mapping);
        List<Scalar> needs = fields.value("needs").isPresent() || mapping.get("needs").isPresent()
                ? fields.scalars("needs")
                : null;
        Scalar when = when(fields);
        Retry retry = retry(fields);
        Duration timeout = fields.duration("timeout").orElse(null);
        if (timeout != null && timeout.isZero()) {
            problems.add(fields.scalar("timeout").orElseThrow().location(), path + ".timeout",
                    "must be longer than 0; leave it out for no timeout");
        }
        boolean continueOnError = fields.bool("continue_on_error").orElse(false);
        Scalar confirm = fields.scalar("confirm").orElse(null);
        List<String> tags = fields.scalars("tags").stream().map(Scalar::text).toList();
        String description = fields.string("description").orElse("");
        String lock = lock(fields);
        if (id.isEmpty() || type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StepSource(index, id.get(), type.get(), with, needs, when, retry, timeout,
                continueOnError, confirm, tags, description, lock, mapping.location()));
    }

    /** {@code lock: NAME}, a fixed name: a template could make two hosts think they hold different locks. */
    private String lock(Fields fields) {
        Optional<Scalar> lock = fields.scalar("lock");
        if (lock.isEmpty()) {
            return null;
        }
        if (!LOCK_NAME.matcher(lock.get().text()).matches()) {
            problems.add(lock.get().location(), fields.path("lock"), "'" + lock.get().text() + "' is not a valid"
                    + " lock name: use lowercase letters, digits, '.', '-' and '_', such as 'nix-secrets'");
            return null;
        }
        return lock.get().text();
    }

    private Mapping with(Fields fields, Mapping step) {
        Optional<Value> with = fields.value("with");
        if (with.isEmpty()) {
            return new Mapping(List.of(), step.location());
        }
        if (!(with.get() instanceof Mapping mapping)) {
            problems.add(with.get().location(), fields.path("with"), "must be a mapping of parameter names to"
                    + " values, not " + with.get().describe());
            return null;
        }
        return mapping;
    }

    private Scalar when(Fields fields) {
        Optional<Scalar> when = fields.scalar("when");
        if (when.isEmpty()) {
            return null;
        }
        String text = when.get().text();
        if (text.contains("${{")) {
            return when.get();
        }
        try {
            Scalars.toBoolean(text);
            return when.get();
        } catch (ConversionException e) {
            String message = e.getMessage().startsWith("'")
                    ? e.getMessage()
                    : "must be true, false or an expression such as ${{ " + text + " }}, not '" + text + "'";
            problems.add(when.get().location(), fields.path("when"), message);
            return null;
        }
    }

    private Retry retry(Fields fields) {
        Optional<Value> value = fields.value("retry");
        if (value.isEmpty()) {
            return Retry.NONE;
        }
        if (value.get() instanceof Scalar) {
            // `retry: 3` is the short form of `retry: {attempts: 3}`.
            return fields.integer("retry").map(n -> attempts(n, value.get(), fields.path("retry")))
                    .map(n -> new Retry(n, Duration.ZERO, 1.0)).orElse(Retry.NONE);
        }
        if (!(value.get() instanceof Mapping mapping)) {
            problems.add(value.get().location(), fields.path("retry"), "must be a mapping such as"
                    + " {attempts: 3, delay: 5s, backoff: 2}, not " + value.get().describe());
            return Retry.NONE;
        }
        Fields retry = new Fields(mapping, fields.path("retry"), problems, RETRY_KEYS);
        int attempts = retry.integer("attempts")
                .map(n -> attempts(n, retry.value("attempts").orElseThrow(), retry.path("attempts"))).orElse(1);
        Duration delay = retry.duration("delay").orElse(Duration.ZERO);
        double backoff = retry.number("backoff").orElse(1.0);
        if (backoff < 1.0) {
            problems.add(retry.value("backoff").orElseThrow().location(), retry.path("backoff"),
                    "must be at least 1 (1 waits the same delay each time, 2 doubles it)");
            backoff = 1.0;
        }
        return new Retry(attempts, delay, backoff);
    }

    private int attempts(long attempts, Value at, String path) {
        if (attempts < 1 || attempts > 1000) {
            problems.add(at.location(), path, "must be between 1 and 1000 (the number of tries in all), not "
                    + attempts);
            return 1;
        }
        return (int) attempts;
    }
}
