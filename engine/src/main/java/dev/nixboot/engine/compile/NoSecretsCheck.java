package dev.nixboot.engine.compile;

import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.Scalar;
import dev.nixboot.engine.load.Sequence;
import dev.nixboot.engine.load.Value;
import dev.nixboot.engine.spi.NoSecrets;
import dev.nixboot.engine.spi.ParameterNames;
import dev.nixboot.engine.template.Template;
import dev.nixboot.engine.template.TemplateException;
import dev.nixboot.engine.template.TemplateScope;
import dev.nixboot.engine.template.Templates;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses a template that puts a secret into a {@link NoSecrets} parameter, such as a command line: where the
 * template shows it ({@code ${{ pw }}}, {@code ${{ steps.key.outputs.identity }}}, or a value that holds a secret
 * known now). Conditions on a secret ({@code ${{ empty pw ? '' : '-k' }}}) pass: the step checks the value itself
 * when it runs.
 */
final class NoSecretsCheck {
    private static final Pattern OUTPUT = Pattern.compile("steps\\.([A-Za-z0-9_-]+)\\.outputs\\.([A-Za-z0-9_]+)");

    /** The {@link NoSecrets} components of each parameter record class, found once. */
    private static final ClassValue<RecordComponent[]> RULED = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            return components == null
                    ? new RecordComponent[0]
                    : Arrays.stream(components)
                            .filter(component -> component.isAnnotationPresent(NoSecrets.class))
                            .toArray(RecordComponent[]::new);
        }
    };

    private final Templates templates;
    private final TemplateScope scope;
    private final Secrets secrets;
    private final Problems problems;

    NoSecretsCheck(Templates templates, TemplateScope scope, Secrets secrets, Problems problems) {
        this.templates = templates;
        this.scope = scope;
        this.secrets = secrets;
        this.problems = problems;
    }

    void check(Class<? extends Record> parameters, Mapping with, String path) {
        for (RecordComponent component : RULED.get(parameters)) {
            String name = ParameterNames.yamlName(component.getName());
            Optional<Value> value = with.get(name);
            if (value.isPresent()) {
                walk(value.get(), path + "." + name, component.getAnnotation(NoSecrets.class));
            }
        }
    }

    private void walk(Value value, String path, NoSecrets rule) {
        if (value instanceof Scalar scalar) {
            if (scalar.kind() == Scalar.Kind.STRING && Template.hasExpression(scalar.text())) {
                shown(scalar)
                        .ifPresent(secret -> problems.add(
                                scalar.location(),
                                path,
                                secret + " is secret: here it would show " + rule.shows() + "; " + rule.instead()));
            }
        } else if (value instanceof Sequence sequence) {
            for (int i = 0; i < sequence.items().size(); i++) {
                walk(sequence.items().get(i), path + "[" + i + "]", rule);
            }
        } else {
            for (Mapping.Entry entry : ((Mapping) value).entries()) {
                walk(entry.value(), path + "." + entry.key().text(), rule);
            }
        }
    }

    /** The secret the template shows, as the user wrote it; empty when it shows none. */
    private Optional<String> shown(Scalar scalar) {
        Template template;
        try {
            template = templates.get(scalar.text());
        } catch (TemplateException e) {
            return Optional.empty(); // reported already
        }
        for (Template.Expression expression : template.expressions()) {
            if (isSecretReference(expression.source().strip())) {
                return Optional.of("${{ " + expression.source().strip() + " }}");
            }
        }
        try {
            Object value = template.evaluate(scope).value();
            String text = String.valueOf(value);
            return secrets.mask().reveals(text) ? Optional.of("the value") : Optional.empty();
        } catch (TemplateException e) {
            return Optional.empty(); // reported where the parameters are bound
        }
    }

    private boolean isSecretReference(String expression) {
        if (secrets.variables().contains(expression)) {
            return true;
        }
        Matcher output = OUTPUT.matcher(expression);
        if (!output.matches()) {
            return false;
        }
        Set<String> secretOutputs = secrets.outputs().get(output.group(1));
        return secretOutputs != null && secretOutputs.contains(output.group(2));
    }
}
