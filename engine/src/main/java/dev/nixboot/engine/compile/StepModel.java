package dev.nixboot.engine.compile;

import dev.nixboot.engine.api.SourceLocation;
import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.Scalar;
import dev.nixboot.engine.load.Sequence;
import dev.nixboot.engine.load.Value;
import dev.nixboot.engine.model.CompiledStep;
import dev.nixboot.engine.model.Retry;
import dev.nixboot.engine.model.RunScope;
import dev.nixboot.engine.spi.ParameterNames;
import dev.nixboot.engine.spi.Secret;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.template.References;
import dev.nixboot.engine.template.Template;
import dev.nixboot.engine.template.TemplateException;
import dev.nixboot.engine.template.Templates;
import dev.nixboot.engine.validate.ConversionException;
import dev.nixboot.engine.validate.ParameterBinder;
import dev.nixboot.engine.validate.Scalars;
import dev.nixboot.engine.validate.StepSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One step as compiled: its own settings, and its templates kept for resolution when it runs. */
final class StepModel implements CompiledStep {
    /**
     * The YAML names of each parameter record's {@link Secret} components, found once per class: every call of
     * getRecordComponents() makes new components whose annotations are parsed again, a large part of a dry run's
     * cost per step.
     */
    private static final ClassValue<List<String>> SECRET_NAMES = new ClassValue<>() {
        @Override
        protected List<String> computeValue(Class<?> type) {
            return Arrays.stream(type.getRecordComponents())
                    .filter(component -> component.isAnnotationPresent(Secret.class))
                    .map(component -> ParameterNames.yamlName(component.getName()))
                    .toList();
        }
    };

    private final StepSource source;
    private final Step<?, ?> step;
    private final List<String> needs;
    private final Templates templates;
    private final Secrets secrets;
    /** Parameters bound at compile time from a {@code with:} holding no template; records are immutable. */
    private volatile Record boundParameters;
    /** Found on first use: only resuming asks. */
    private volatile Set<String> outputsUsed;

    StepModel(StepSource source, Step<?, ?> step, List<String> needs, Templates templates, Secrets secrets) {
        this.source = source;
        this.step = step;
        this.needs = List.copyOf(needs);
        this.templates = templates;
        this.secrets = secrets;
    }

    @Override
    public Set<String> outputsUsed() {
        Set<String> used = outputsUsed;
        if (used == null) {
            Set<String> found = new LinkedHashSet<>();
            for (Value value : new Value[] {source.with(), source.when(), source.confirm()}) {
                collectOutputs(value, found);
            }
            used = Set.copyOf(found);
            outputsUsed = used;
        }
        return used;
    }

    private void collectOutputs(Value value, Set<String> into) {
        if (value instanceof Scalar scalar) {
            if (scalar.kind() == Scalar.Kind.STRING && Template.hasExpression(scalar.text())) {
                try {
                    for (Template.Expression expression : templates.get(scalar.text()).expressions()) {
                        References.outputsUsed(expression).forEach(use -> into.add(use.step() + "." + use.output()));
                    }
                } catch (TemplateException e) {
                    // cannot happen: the playbook compiled, so every template parsed
                }
            }
        } else if (value instanceof Sequence sequence) {
            sequence.items().forEach(item -> collectOutputs(item, into));
        } else if (value instanceof Mapping mapping) {
            mapping.entries().forEach(entry -> collectOutputs(entry.value(), into));
        }
    }

    @Override
    public String id() {
        return source.id().text();
    }

    @Override
    public String type() {
        return source.type().text();
    }

    @Override
    public Step<?, ?> step() {
        return step;
    }

    @Override
    public String description() {
        return source.description();
    }

    @Override
    public List<String> needs() {
        return needs;
    }

    @Override
    public List<String> tags() {
        return source.tags();
    }

    @Override
    public Optional<String> lock() {
        return Optional.ofNullable(source.lock());
    }

    @Override
    public String whenText() {
        return source.when() == null ? "" : source.when().text();
    }

    @Override
    public boolean when(RunScope scope) throws StepFailure {
        Scalar when = source.when();
        if (when == null) {
            return true;
        }
        Value value = resolveOne(when, scope, "when");
        if (value instanceof Scalar scalar && scalar.isUnknown()) {
            // A dry run cannot know; it shows the step as one that would run.
            return true;
        }
        try {
            if (value instanceof Scalar scalar) {
                return Scalars.toBoolean(scalar.text());
            }
            throw new ConversionException("must be true or false, not " + value.describe());
        } catch (ConversionException e) {
            throw new StepFailure("when: " + whenText() + " gave " + (value instanceof Scalar s ? s.describe()
                    : value.describe()) + ", not true or false");
        }
    }

    @Override
    public Optional<String> confirm(RunScope scope) throws StepFailure {
        if (source.confirm() == null) {
            return Optional.empty();
        }
        Problems problems = new Problems();
        Templates.Resolved resolved = templates.resolve(source.confirm(), secrets.scope(scope), "confirm", problems);
        fail(problems);
        return Optional.of(secrets.mask(String.valueOf(resolved.display())));
    }

    @Override
    public Retry retry() {
        return source.retry();
    }

    @Override
    public Optional<Duration> timeout() {
        return Optional.ofNullable(source.timeout());
    }

    @Override
    public boolean continueOnError() {
        return source.continueOnError();
    }

    @Override
    public Record parameters(RunScope scope) throws StepFailure {
        Record bound = boundParameters;
        return bound != null ? bound : bind(scope);
    }

    /**
     * Parameters the compiler bound and validated from a {@code with:} that holds no template: they are the same
     * whenever the step runs, so running it needs no second binding and validation (for a playbook of many small
     * remote steps, a good part of the run's CPU).
     */
    void bound(Record parameters) {
        boundParameters = parameters;
    }

    private Record bind(RunScope scope) throws StepFailure {
        Problems problems = new Problems();
        Templates.Resolved resolved = templates.resolve(source.with(), secrets.scope(scope), "with", problems);
        fail(problems);
        Optional<? extends Record> record = new ParameterBinder(problems, scope.planning())
                .bind(step.parameters(), (Mapping) resolved.value(), "with");
        fail(problems);
        return record.orElseThrow(() -> new StepFailure("with: parameters depend on values not known yet"));
    }

    @Override
    public Map<String, Object> displayParameters(RunScope scope) {
        Problems ignored = new Problems();
        Templates.Resolved resolved = templates.resolve(source.with(), secrets.scope(scope), "with", ignored);
        @SuppressWarnings("unchecked")
        Map<String, Object> display = new LinkedHashMap<>((Map<String, Object>) resolved.display());
        for (String name : SECRET_NAMES.get(step.parameters())) {
            if (display.get(name) != null) {
                display.put(name, "***");
            }
        }
        display.replaceAll((name, value) -> mask(value));
        return display;
    }

    private Object mask(Object value) {
        if (value instanceof String text) {
            return secrets.mask(text);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::mask).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> masked = new LinkedHashMap<>();
            map.forEach((k, v) -> masked.put(k, mask(v)));
            return masked;
        }
        return value;
    }

    @Override
    public SourceLocation location() {
        return source.location();
    }

    StepSource source() {
        return source;
    }

    private Value resolveOne(Scalar scalar, RunScope scope, String path) throws StepFailure {
        Problems problems = new Problems();
        Templates.Resolved resolved = templates.resolve(scalar, secrets.scope(scope), path, problems);
        fail(problems);
        return resolved.value();
    }

    /** The first problem as the step's one-line failure; the others usually follow from it. */
    private void fail(Problems problems) throws StepFailure {
        if (problems.isEmpty()) {
            return;
        }
        var first = problems.list().get(0);
        String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "";
        throw new StepFailure(secrets.mask(first.path() + ": " + first.message()) + more);
    }
}
