package dev.nixboot.engine.compile;

import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.Spelling;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.inventory.Inventory;
import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.Scalar;
import dev.nixboot.engine.load.Sequence;
import dev.nixboot.engine.load.SourceFiles;
import dev.nixboot.engine.load.SourceTexts;
import dev.nixboot.engine.load.Value;
import dev.nixboot.engine.load.VariableLayer;
import dev.nixboot.engine.load.YamlLoader;
import dev.nixboot.engine.spi.OutputDescriptor;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.template.Placeholder;
import dev.nixboot.engine.template.References;
import dev.nixboot.engine.template.RunScope;
import dev.nixboot.engine.template.Template;
import dev.nixboot.engine.template.TemplateException;
import dev.nixboot.engine.template.TemplateScope;
import dev.nixboot.engine.template.Templates;
import dev.nixboot.engine.validate.ConversionException;
import dev.nixboot.engine.validate.ParameterBinder;
import dev.nixboot.engine.validate.PlaybookReader;
import dev.nixboot.engine.validate.PlaybookSource;
import dev.nixboot.engine.validate.Scalars;
import dev.nixboot.engine.validate.StepGraph;
import dev.nixboot.engine.validate.StepSource;
import dev.nixboot.engine.validate.VariableDeclaration;
import dev.nixboot.engine.validate.Variables;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * From a YAML file to a validated {@link CompiledPlaybook}: load, check the shape, work out variables, check step
 * types and dependencies, check every template's names, bind and validate every step's parameters — collecting all
 * problems before failing. Touches nothing but the playbook and vars files it reads.
 */
public final class PlaybookCompiler {
    private final StepRegistry registry;
    /** Pipes among the inputs are read once for all the compiles of this compiler (one invocation). */
    private final SourceTexts sources = new SourceTexts();

    public PlaybookCompiler(StepRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param workingDirectory what relative vars files resolve against, and {@code working_dir}
     * @param environment what {@code env.NAME} sees while checking
     */
    public CompiledPlaybook compile(
            Path file, VariableInputs inputs, Path workingDirectory, Map<String, String> environment)
            throws PlaybookException {
        Problems problems = new Problems();
        String text = read(file, workingDirectory, problems);
        problems.throwIfAny();
        Optional<Value> root = new YamlLoader(problems).load(file, text);
        if (root.isEmpty()) {
            // Variables files are still worth checking, but a playbook that is not YAML has nothing more to say.
            problems.throwIfAny();
        }
        PlaybookSource source = new PlaybookReader(problems).read(root.orElseThrow(), defaultName(file));
        Map<String, Object> values = new Variables(problems, sources)
                .values(
                        source.variables(),
                        inventoryLayers(inputs, workingDirectory, problems),
                        inputs,
                        workingDirectory);

        Map<String, Step<?, ?>> stepTypes = new HashMap<>();
        for (StepSource step : source.steps()) {
            Optional<Step<?, ?>> found = registry.find(step.type().text());
            if (found.isPresent()) {
                stepTypes.put(step.id().text(), found.get());
            } else {
                problems.add(
                        step.type().location(),
                        step.path() + ".type",
                        "unknown step type '" + step.type().text()
                                + "'" + Spelling.hint(step.type().text(), registry.types())
                                + (Spelling.closest(step.type().text(), registry.types())
                                                .isPresent()
                                        ? ""
                                        : "; 'nixboot steps' lists the available types"));
            }
        }
        StepGraph graph = new StepGraph(source.steps(), problems);

        Set<String> secretNames = source.variables().stream()
                .filter(VariableDeclaration::secret)
                .map(VariableDeclaration::name)
                .collect(Collectors.toSet());
        Secrets secrets = new Secrets(secretNames, secretOutputs(stepTypes), secretValues(secretNames, values));
        Path playbookDirectory =
                workingDirectory.resolve(file).toAbsolutePath().normalize().getParent();
        RunScope planning = new RunScope(
                planningValues(source.variables(), values),
                Map.of(),
                environment,
                playbookDirectory,
                workingDirectory,
                workingDirectory.resolve(".nixboot").resolve("run"),
                true);
        TemplateScope checking = secrets.scope(planning).withOutputTypes(outputTypes(stepTypes));
        Templates templates = new Templates();
        NoSecretsCheck noSecrets = new NoSecretsCheck(templates, checking, secrets, problems);
        Set<String> ids =
                source.steps().stream().map(s -> s.id().text()).collect(Collectors.toCollection(LinkedHashSet::new));
        Map<String, CompiledStep> models = new HashMap<>();
        for (StepSource step : source.steps()) {
            Step<?, ?> type = stepTypes.get(step.id().text());
            boolean templatesOk = checkTemplates(step, templates, names(step, ids, values, stepTypes, graph), problems);
            if (type == null) {
                continue;
            }
            CompiledStep model =
                    new CompiledStep(step, type, graph.needs(step.id().text()), templates, secrets);
            models.put(step.id().text(), model);
            if (templatesOk && step.with() != null) {
                noSecrets.check(type.parameters(), step.with(), step.path() + ".with");
                Optional<? extends Record> parameters = checkParameters(step, type, templates, checking, problems);
                if (!hasTemplates(step.with())) {
                    parameters.ifPresent(model::bound);
                }
            }
        }
        problems.throwIfAny();
        List<CompiledStep> ordered = graph.order().stream().map(models::get).toList();
        return new CompiledPlaybook(
                workingDirectory.resolve(file), source.name(), source.description(), values, secrets.values(), ordered);
    }

    private String read(Path file, Path workingDirectory, Problems problems) {
        try {
            return sources.read(workingDirectory.resolve(file));
        } catch (NoSuchFileException e) {
            problems.add("", "playbook '" + file + "' does not exist");
        } catch (MalformedInputException e) {
            problems.add("", "playbook '" + file + "' is not UTF-8 text");
        } catch (SourceFiles.TooLargeException e) {
            problems.add("", "playbook '" + file + "' " + e.getMessage());
        } catch (IOException e) {
            problems.add("", "cannot read playbook '" + file + "': " + e.getMessage());
        }
        return "";
    }

    /** The inventory host's variables, or none; the inventory's own problems join the playbook's. */
    private static List<VariableLayer> inventoryLayers(
            VariableInputs inputs, Path workingDirectory, Problems problems) {
        if (inputs.host() == null) {
            return List.of();
        }
        try {
            return Inventory.read(workingDirectory.resolve(inputs.host().inventory()))
                    .layers(inputs.host().name());
        } catch (PlaybookException e) {
            e.problems().forEach(problems::add);
            return List.of();
        } catch (IllegalArgumentException e) {
            problems.add("--inventory", e.getMessage());
            return List.of();
        }
    }

    private static String defaultName(Path file) {
        String name = file.getFileName().toString();
        return name.replaceFirst("\\.ya?ml$", "");
    }

    /** Parses every template of the step and checks the names it uses; true when all are fine. */
    private static boolean checkTemplates(
            StepSource step, Templates templates, References.Names names, Problems problems) {
        List<Located> strings = new ArrayList<>();
        if (step.with() != null) {
            collect(step.with(), step.path() + ".with", strings);
        }
        if (step.when() != null) {
            collect(step.when(), step.path() + ".when", strings);
        }
        if (step.confirm() != null) {
            collect(step.confirm(), step.path() + ".confirm", strings);
        }
        int before = problems.size();
        for (Located string : strings) {
            try {
                Template template = templates.get(string.scalar().text());
                for (Template.Expression expression : template.expressions()) {
                    for (String message : References.check(expression, names)) {
                        problems.add(string.scalar().location(), string.path(), message);
                    }
                }
            } catch (TemplateException e) {
                problems.add(string.scalar().location(), string.path(), e.getMessage());
            }
        }
        return problems.size() == before;
    }

    private record Located(Scalar scalar, String path) {}

    private static boolean hasTemplates(Value value) {
        List<Located> found = new ArrayList<>();
        collect(value, "", found);
        return !found.isEmpty();
    }

    private static void collect(Value value, String path, List<Located> into) {
        if (value instanceof Scalar scalar) {
            if (scalar.kind() == Scalar.Kind.STRING && Template.hasExpression(scalar.text())) {
                into.add(new Located(scalar, path));
            }
        } else if (value instanceof Sequence sequence) {
            for (int i = 0; i < sequence.items().size(); i++) {
                collect(sequence.items().get(i), path + "[" + i + "]", into);
            }
        } else {
            for (Mapping.Entry entry : ((Mapping) value).entries()) {
                collect(entry.value(), path + "." + entry.key().text(), into);
            }
        }
    }

    /**
     * Binds the parameters with what is known before the run, so type and constraint errors show up now; returns
     * them when they bound without a problem.
     */
    private static Optional<? extends Record> checkParameters(
            StepSource step, Step<?, ?> type, Templates templates, TemplateScope checking, Problems problems) {
        Templates.Resolved with = templates.resolve(step.with(), checking, step.path() + ".with", problems);
        int before = problems.size();
        Optional<? extends Record> parameters = new ParameterBinder(problems, true)
                .bind(type.parameters(), (Mapping) with.value(), step.path() + ".with");
        if (step.when() != null && Template.hasExpression(step.when().text())) {
            Templates.Resolved when = templates.resolve(step.when(), checking, step.path() + ".when", problems);
            if (when.value() instanceof Scalar scalar && !scalar.isUnknown() && scalar.kind() != Scalar.Kind.NULL) {
                try {
                    Scalars.toBoolean(scalar.text());
                } catch (ConversionException e) {
                    problems.add(
                            step.when().location(),
                            step.path() + ".when",
                            "must give true or false, but gives " + scalar.describe());
                }
            } else if (!(when.value() instanceof Scalar)) {
                problems.add(
                        step.when().location(),
                        step.path() + ".when",
                        "must give true or false, but gives " + when.value().describe());
            }
        }
        if (step.confirm() != null && Template.hasExpression(step.confirm().text())) {
            // Resolved for its problems only: the question is asked at run time.
            templates.resolve(step.confirm(), checking, step.path() + ".confirm", problems);
        }
        return problems.size() == before ? parameters : Optional.empty();
    }

    private static References.Names names(
            StepSource step,
            Set<String> ids,
            Map<String, Object> values,
            Map<String, Step<?, ?>> stepTypes,
            StepGraph graph) {
        String self = step.id().text();
        return new References.Names() {
            @Override
            public Collection<String> variables() {
                return values.keySet();
            }

            @Override
            public Collection<String> steps() {
                return ids;
            }

            @Override
            public boolean hasStep(String stepId) {
                return ids.contains(stepId);
            }

            @Override
            public Optional<List<OutputDescriptor>> outputs(String stepId) {
                return Optional.ofNullable(stepTypes.get(stepId)).map(step -> OutputDescriptor.of(step.outputs()));
            }

            @Override
            public boolean isAncestor(String stepId) {
                // With a misspelt id in its needs (reported already) the step's ancestors are a guess: do not pile on.
                return graph.hasBrokenNeeds(self) || graph.isAncestor(stepId, self);
            }

            @Override
            public String self() {
                return self;
            }
        };
    }

    /** The values to check templates with: a required variable nobody set stands as a placeholder. */
    private static Map<String, Object> planningValues(
            List<VariableDeclaration> declarations, Map<String, Object> values) {
        Map<String, Object> result = new LinkedHashMap<>(values);
        for (VariableDeclaration declaration : declarations) {
            if (declaration.required() && result.get(declaration.name()) == null) {
                result.put(declaration.name(), new Placeholder("<" + declaration.name() + ">"));
            }
        }
        return result;
    }

    private static Map<String, Set<String>> secretOutputs(Map<String, Step<?, ?>> stepTypes) {
        Map<String, Set<String>> result = new HashMap<>();
        stepTypes.forEach((id, step) -> {
            Set<String> secret = OutputDescriptor.of(step.outputs()).stream()
                    .filter(OutputDescriptor::secret)
                    .map(OutputDescriptor::name)
                    .collect(Collectors.toSet());
            if (!secret.isEmpty()) {
                result.put(id, secret);
            }
        });
        return result;
    }

    private static Map<String, Map<String, OutputDescriptor.Type>> outputTypes(Map<String, Step<?, ?>> stepTypes) {
        Map<String, Map<String, OutputDescriptor.Type>> result = new HashMap<>();
        stepTypes.forEach((id, step) -> {
            Map<String, OutputDescriptor.Type> types = new HashMap<>();
            OutputDescriptor.of(step.outputs()).forEach(output -> types.put(output.name(), output.type()));
            result.put(id, types);
        });
        return result;
    }

    private static Set<String> secretValues(Set<String> secretNames, Map<String, Object> values) {
        Set<String> result = new HashSet<>();
        for (String name : secretNames) {
            Object value = values.get(name);
            if (value instanceof List<?> list) {
                list.forEach(v -> result.add(String.valueOf(v)));
            } else if (value != null) {
                result.add(String.valueOf(value));
            }
        }
        result.remove("");
        return result;
    }
}
