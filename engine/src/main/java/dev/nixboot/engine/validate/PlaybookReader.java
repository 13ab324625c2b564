package dev.nixboot.engine.validate;

import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.Scalar;
import dev.nixboot.engine.load.Sequence;
import dev.nixboot.engine.load.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a playbook's own keys by binding it to {@link PlaybookFormat}'s records, then checks what the records cannot
 * say: step ids are unique, and each variable's declaration (see {@link Variables}).
 */
public final class PlaybookReader {
    private final Problems problems;

    public PlaybookReader(Problems problems) {
        this.problems = problems;
    }

    public PlaybookSource read(Value root, String defaultName) {
        if (!(root instanceof Mapping mapping)) {
            problems.add(
                    root.location(),
                    "",
                    "a playbook is a mapping with name, description, vars and steps, not " + root.describe());
            return new PlaybookSource(defaultName, "", List.of(), List.of());
        }
        ParameterBinder binder = ParameterBinder.forPlaybook(problems);
        Optional<PlaybookFormat.Document> bound = binder.bind(PlaybookFormat.Document.class, mapping, "");
        if (bound.isEmpty()) {
            return new PlaybookSource(defaultName, "", List.of(), List.of());
        }
        PlaybookFormat.Document document = bound.get();
        List<VariableDeclaration> variables =
                new Variables(problems).declarations(mapping.get("vars"), document.vars());
        List<StepSource> steps = steps(mapping, document.steps(), binder);
        return new PlaybookSource(
                Objects.requireNonNullElse(document.name(), defaultName),
                Objects.requireNonNullElse(document.description(), ""),
                variables,
                steps);
    }

    private List<StepSource> steps(Mapping top, List<PlaybookFormat.Step> declared, ParameterBinder binder) {
        if (declared == null) {
            return List.of(); // missing or not a list: reported
        }
        Sequence sequence = (Sequence) top.get("steps").orElseThrow();
        List<StepSource> steps = new ArrayList<>();
        Map<String, Scalar> seen = new HashMap<>();
        for (int i = 0; i < declared.size(); i++) {
            PlaybookFormat.Step step = declared.get(i);
            if (step == null || step.id() == null || step.type() == null) {
                continue; // reported
            }
            StepSource source = source(i, step, (Mapping) sequence.items().get(i), binder);
            Scalar earlier = seen.putIfAbsent(source.id().text(), source.id());
            if (earlier != null) {
                problems.add(
                        source.id().location(),
                        source.path() + ".id",
                        "duplicate step id '"
                                + source.id().text() + "' (first at line "
                                + earlier.location().line()
                                + "); ids must be unique");
            } else {
                steps.add(source);
            }
        }
        return steps;
    }

    /** The step as the rest of the compiler reads it; a value reported as wrong is left out. */
    private StepSource source(int index, PlaybookFormat.Step step, Mapping written, ParameterBinder binder) {
        String key = "steps[" + index + "]";
        Mapping with = binder.faulty(key + ".with")
                ? null
                : Objects.requireNonNullElse(step.with(), new Mapping(List.of(), written.location()));
        // Absent, the step needs the one before it; written empty (`needs:`), it needs none.
        List<Scalar> needs = step.needs() != null
                ? withoutNulls(step.needs())
                : written.get("needs").isPresent() ? List.of() : null;
        RetryPolicy retry = step.retry() == null || binder.faulty(key + ".retry")
                ? RetryPolicy.NONE
                : new RetryPolicy(
                        step.retry().attempts(),
                        step.retry().delay(),
                        step.retry().backoff());
        return new StepSource(
                index,
                scalar(written, "id"),
                scalar(written, "type"),
                with,
                needs,
                step.when() == null ? null : step.when().scalar(),
                retry,
                binder.faulty(key + ".timeout") ? null : step.timeout(),
                step.continueOnError(),
                step.confirm(),
                step.tags() == null ? List.of() : withoutNulls(step.tags()),
                Objects.requireNonNullElse(step.description(), ""),
                binder.faulty(key + ".lock") ? null : step.lock(),
                written.location());
    }

    /** The scalar written under a key that was bound as text, with its place for later messages. */
    private static Scalar scalar(Mapping mapping, String key) {
        return (Scalar) mapping.get(key).orElseThrow();
    }

    private static <T> List<T> withoutNulls(List<T> items) {
        return items.stream().filter(Objects::nonNull).toList();
    }
}
