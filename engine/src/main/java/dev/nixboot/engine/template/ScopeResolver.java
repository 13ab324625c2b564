package dev.nixboot.engine.template;

import dev.nixboot.engine.api.Spelling;
import dev.nixboot.engine.spi.OutputDescriptor;
import jakarta.el.ELContext;
import jakarta.el.ELResolver;
import jakarta.el.PropertyNotFoundException;
import jakarta.el.PropertyNotWritableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves the names an expression may use — variables, {@code steps.<id>.outputs.<name>}, {@code env.NAME} and the
 * built-in directories — and nothing else: no beans, no methods, no classes. An unknown name is an error, never a
 * silent null, so a typo cannot turn into an empty argument.
 */
final class ScopeResolver extends ELResolver {
    static final List<String> BUILT_INS = List.of("steps", "env", "playbook_dir", "working_dir", "run_dir");

    /** What one evaluation touched: a value not known yet (dry run) or a secret. */
    static final class Tracker {
        boolean unknown;
        boolean secret;
        /** The declared type of the last output read that is not known yet, and the placeholder read for it. */
        OutputDescriptor.Type unknownType = OutputDescriptor.Type.ANY;

        String unknownPlaceholder;
    }

    private record Steps() {}

    private record StepView(String id, Map<String, Object> outputs) {}

    private record OutputsView(String id, Map<String, Object> outputs) {}

    private final TemplateScope scope;
    private final Tracker tracker;

    ScopeResolver(TemplateScope scope, Tracker tracker) {
        this.scope = scope;
        this.tracker = tracker;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (base == null) {
            context.setPropertyResolved(true);
            return name(String.valueOf(property));
        }
        if (base instanceof Steps) {
            context.setPropertyResolved(true);
            return step(String.valueOf(property));
        }
        if (base instanceof StepView view) {
            context.setPropertyResolved(true);
            if (!"outputs".equals(property)) {
                throw new PropertyNotFoundException(
                        "write steps." + view.id() + ".outputs.<name>, not steps." + view.id() + "." + property);
            }
            return new OutputsView(view.id(), view.outputs());
        }
        if (base instanceof OutputsView view) {
            context.setPropertyResolved(true);
            return output(view, String.valueOf(property));
        }
        return null;
    }

    private Object name(String name) {
        RunScope run = scope.run();
        switch (name) {
            case "steps":
                return new Steps();
            case "env":
                return run.environment();
            case "playbook_dir":
                return String.valueOf(run.playbookDirectory());
            case "working_dir":
                return String.valueOf(run.workingDirectory());
            case "run_dir":
                return String.valueOf(run.runDirectory());
            default:
                break;
        }
        if (!run.variables().containsKey(name)) {
            List<String> known = new ArrayList<>(run.variables().keySet());
            known.addAll(BUILT_INS);
            throw new PropertyNotFoundException("undefined name '" + name + "'" + Spelling.hint(name, known));
        }
        if (scope.secretVariables().contains(name)) {
            tracker.secret = true;
        }
        Object value = run.variables().get(name);
        if (value instanceof Placeholder placeholder) {
            tracker.unknown = true;
            return placeholder.text();
        }
        return value;
    }

    private Object step(String id) {
        Map<String, Object> outputs = scope.run().stepOutputs().get(id);
        if (outputs == null && !scope.run().planning()) {
            throw new PropertyNotFoundException(
                    "step '" + id + "' has no outputs: it has not run" + " (was it skipped?)");
        }
        return new StepView(id, outputs);
    }

    private Object output(OutputsView view, String name) {
        if (view.outputs() == null || (scope.run().planning() && !view.outputs().containsKey(name))) {
            tracker.unknown = true;
            tracker.unknownType = scope.outputType(view.id(), name);
            tracker.unknownPlaceholder = "<steps." + view.id() + ".outputs." + name + ">";
            return tracker.unknownPlaceholder;
        }
        if (!view.outputs().containsKey(name)) {
            throw new PropertyNotFoundException("step '" + view.id() + "' has no output '" + name + "'"
                    + Spelling.hint(name, view.outputs().keySet()));
        }
        Set<String> secret = scope.secretOutputs().get(view.id());
        if (secret != null && secret.contains(name)) {
            tracker.secret = true;
        }
        return view.outputs().get(name);
    }

    /** No methods: an expression reads values, it cannot call into the JVM (compile time reports the call first). */
    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] types, Object[] parameters) {
        throw new jakarta.el.MethodNotFoundException(
                "method calls such as " + method + "() are not available in expressions");
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        if (base == null || base instanceof Steps || base instanceof StepView || base instanceof OutputsView) {
            throw new PropertyNotWritableException("expressions cannot assign values");
        }
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return base == null ? String.class : null;
    }
}
