package dev.nixboot.engine.compile;

import dev.nixboot.engine.api.SourceLocation;
import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.Scalar;
import dev.nixboot.engine.load.Sequence;
import dev.nixboot.engine.load.Value;
import dev.nixboot.engine.secrets.SecretMask;
import dev.nixboot.engine.spi.ParameterNames;
import dev.nixboot.engine.spi.Secret;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.template.References;
import dev.nixboot.engine.template.References.OutputUse;
import dev.nixboot.engine.template.RunScope;
import dev.nixboot.engine.template.Template;
import dev.nixboot.engine.template.TemplateException;
import dev.nixboot.engine.template.Templates;
import dev.nixboot.engine.validate.ConversionException;
import dev.nixboot.engine.validate.ParameterBinder;
import dev.nixboot.engine.validate.RetryPolicy;
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

/**
 * One step as compiled: its own settings, and its templates kept for resolution when it runs. Only the compiler makes
 * one; tests compile YAML to get one.
 */
public final class CompiledStep {
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
    private volatile Set<OutputUse> outputsUsed;

    CompiledStep(StepSource source, Step<?, ?> step, List<String> needs, Templates templates, Secrets secrets) {
        this.source = source;
        this.step = step;
        this.needs = List.copyOf(needs);
        this.templates = templates;
        this.secrets = secrets;
    }

    /**
     * The outputs of other steps its templates use: what a resumed run must have of the steps it does not run again,
     * and where to look when its templates cannot be resolved.
     */
    public Set<OutputUse> outputsUsed() {
        Set<OutputUse> used = outputsUsed;
        if (used == null) {
            Set<OutputUse> found = new LinkedHashSet<>();
            for (Value value : new Value[] {source.with(), source.when(), source.confirm()}) {
                collectOutputs(value, found);
            }
            used = Set.copyOf(found);
            outputsUsed = used;
        }
        return used;
    }

    private void collectOutputs(Value value, Set<OutputUse> into) {
        if (value instanceof Scalar scalar) {
            if (scalar.kind() == Scalar.Kind.STRING && Template.hasExpression(scalar.text())) {
                try {
                    for (Template.Expression expression :
                            templates.get(scalar.text()).expressions()) {
                        into.addAll(References.outputsUsed(expression));
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

    public String id() {
        return source.id().text();
    }

    public String type() {
        return source.type().text();
    }

    public Step<?, ?> step() {
        return step;
    }

    public String description() {
        return source.description();
    }

    /** Ids this step waits for: its {@code needs}, or the step before it when it has none. */
    public List<String> needs() {
        return needs;
    }

    public List<String> tags() {
        return source.tags();
    }

    /**
     * The named lock this step holds ({@code lock:}): across every run that shares {@link
     * dev.nixboot.engine.api.RunOptions#locks()}, one run at a time holds it, for a whole section: the steps naming
     * it that are linked by their direct needs, from the start of the first until the last has ended.
     */
    public Optional<String> lock() {
        return Optional.ofNullable(source.lock());
    }

    /** The condition as written, or empty. */
    public String whenText() {
        return source.when() == null ? "" : source.when().text();
    }

    /** Evaluates {@code when:}; true when there is none. */
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
            throw new StepFailure("when: " + whenText() + " gave "
                    + (value instanceof Scalar s ? s.describe() : value.describe()) + ", not true or false");
        }
    }

    /** The {@code confirm:} question with templates resolved, if the step has one. */
    public Optional<String> confirm(RunScope scope) throws StepFailure {
        if (source.confirm() == null) {
            return Optional.empty();
        }
        Problems problems = new Problems();
        Templates.Resolved resolved = templates.resolve(source.confirm(), secrets.scope(scope), "confirm", problems);
        fail(problems);
        return Optional.of(secrets.mask().mask(String.valueOf(resolved.display())));
    }

    public RetryPolicy retry() {
        return source.retry();
    }

    public Optional<Duration> timeout() {
        return Optional.ofNullable(source.timeout());
    }

    public boolean continueOnError() {
        return source.continueOnError();
    }

    /** Resolves templates in {@code with:}, binds the parameter record and validates it. */
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

    /**
     * The {@code with:} values for display: templates resolved as far as the scope allows (placeholders for
     * outputs not known yet), secret values masked.
     */
    public Map<String, Object> displayParameters(RunScope scope) {
        Problems ignored = new Problems();
        Templates.Resolved resolved = templates.resolve(source.with(), secrets.scope(scope), "with", ignored);
        @SuppressWarnings("unchecked")
        Map<String, Object> display = new LinkedHashMap<>((Map<String, Object>) resolved.display());
        for (String name : SECRET_NAMES.get(step.parameters())) {
            if (display.get(name) != null) {
                display.put(name, SecretMask.MASK);
            }
        }
        display.replaceAll((name, value) -> secrets.mask().maskValue(value));
        return display;
    }

    /** Where the step starts in the playbook, for messages. */
    public SourceLocation location() {
        return source.location();
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
        throw new StepFailure(secrets.mask().mask(first.path() + ": " + first.message()) + more);
    }
}
