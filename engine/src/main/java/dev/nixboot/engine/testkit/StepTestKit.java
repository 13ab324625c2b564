package dev.nixboot.engine.testkit;

import dev.nixboot.engine.api.LocalHost;
import dev.nixboot.engine.api.Progress;
import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.Scalar;
import dev.nixboot.engine.load.Value;
import dev.nixboot.engine.load.YamlLoader;
import dev.nixboot.engine.run.ProgressReports;
import dev.nixboot.engine.secrets.SecretMask;
import dev.nixboot.engine.spi.Interaction;
import dev.nixboot.engine.spi.Outputs;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepConsole;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import dev.nixboot.engine.state.RunDirectory;
import dev.nixboot.engine.template.RunScope;
import dev.nixboot.engine.template.TemplateScope;
import dev.nixboot.engine.template.Templates;
import dev.nixboot.engine.validate.ParameterBinder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs one step against a context in a few lines, for step authors' tests:
 *
 * <pre>{@code
 * StepResult result = StepTestKit.create(host).execute(new ExecStep(), "argv: [echo, hi]");
 * assertThat(result.outputs().get("stdout")).isEqualTo("hi\n");
 * }</pre>
 *
 * Parameters given as YAML text are bound exactly as a playbook's {@code with:} would be: the same conversions,
 * defaults and Jakarta constraints, and {@code ${{ env.NAME }}} or {@code ${{ working_dir }}} resolved.
 *
 * Shared resources and the run directory live until {@link #close()}, so several executions can share them the way
 * the steps of one run do.
 */
public final class StepTestKit implements AutoCloseable {
    private final Map<Class<?>, Object> shared = new ConcurrentHashMap<>();
    /** Masks what the step prints as a run would: the same class, so a step test sees what a user sees. */
    private final SecretMask secrets = new SecretMask(List.of());

    private final Deque<String> answers = new ArrayDeque<>();
    private final LocalHost host;
    private final Map<String, String> environment;
    private Path workingDirectory;
    /** Named like a run's and, like a run's, created only when a step asks and removed by {@link #close()}. */
    private final RunDirectory runDirectory = new RunDirectory();

    private boolean assumeYes;
    private Consumer<Progress> onProgress = progress -> {};

    private StepTestKit(LocalHost host) {
        this.host = host;
        this.environment = new HashMap<>(host.environment());
        this.workingDirectory = host.workingDirectory();
    }

    /**
     * A kit whose steps start with the host's working directory, environment and home, changed with
     * {@link #workingDirectory} and {@link #environment}; tests usually hand in the test process's own.
     */
    public static StepTestKit create(LocalHost host) {
        return new StepTestKit(host);
    }

    /** Answers yes to every confirmation, like {@code --yes}. */
    public StepTestKit assumeYes() {
        this.assumeYes = true;
        return this;
    }

    /** Queues answers for confirmations ("y"/"n") and questions, in order. */
    public StepTestKit answers(String... lines) {
        answers.addAll(List.of(lines));
        return this;
    }

    /**
     * Calls the action on the step's own thread with each progress report a run's listener would receive, before
     * the step goes on: a test can act at a chosen moment of the step's work, such as changing a device between its
     * write and its read-back.
     */
    public StepTestKit onProgress(Consumer<Progress> action) {
        this.onProgress = action;
        return this;
    }

    public StepTestKit workingDirectory(Path directory) {
        this.workingDirectory = directory.toAbsolutePath();
        return this;
    }

    public StepTestKit environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public StepTestKit secret(String value) {
        secrets.add(value);
        return this;
    }

    /**
     * Binds YAML text (the body of a {@code with:} mapping) to the step's parameter record and validates it.
     *
     * @throws IllegalArgumentException naming every problem, as {@code with.port: must be at most 65535}
     */
    public <P extends Record> P parameters(Step<P, ?> step, String yaml) {
        Problems problems = new Problems();
        Optional<P> bound = bind(step, yaml, problems);
        if (bound.isEmpty()) {
            throw new IllegalArgumentException(problems.list().stream()
                    .map(p -> (p.location() == null
                                    ? ""
                                    : p.location().line() + ":" + p.location().column() + ": ")
                            + (p.path().isEmpty() ? "" : p.path() + ": ")
                            + p.message())
                    .collect(Collectors.joining("\n")));
        }
        return bound.get();
    }

    /** Plans the step with parameters bound from YAML text; see {@link #parameters(Step, String)}. */
    public <P extends Record> StepPlan plan(Step<P, ?> step, String yaml) {
        return plan(step, parameters(step, yaml));
    }

    /**
     * Executes the step with parameters bound from YAML text. Parameters that do not bind or validate make a failed
     * result whose failure is a {@link StepFailure} with the message a run would show, such as
     * {@code with.argv: must not be empty}.
     */
    public <P extends Record> StepResult execute(Step<P, ?> step, String yaml) {
        Problems problems = new Problems();
        Optional<P> bound = bind(step, yaml, problems);
        if (bound.isEmpty()) {
            var first = problems.list().get(0);
            String message = (first.path().isEmpty() ? "" : first.path() + ": ") + first.message();
            return new StepResult(Outputs.empty(), List.of(), new StepFailure(message), List.of(), List.of());
        }
        return execute(step, bound.get());
    }

    private <P extends Record> Optional<P> bind(Step<P, ?> step, String yaml, Problems problems) {
        Optional<Value> loaded = new YamlLoader(problems).load(Path.of("with"), yaml);
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        Value value = loaded.get();
        if (value instanceof Scalar scalar && scalar.isNull()) {
            value = new Mapping(List.of(), scalar.location());
        }
        if (!(value instanceof Mapping)) {
            problems.add(value.location(), "with", "must be a mapping of parameter names to values");
            return Optional.empty();
        }
        Path run = yaml.contains("run_dir") ? runDirectory.path() : workingDirectory.resolve(".nixboot-run");
        RunScope scope = new RunScope(
                Map.of(), Map.of(), Map.copyOf(environment), workingDirectory, workingDirectory, run, false);
        Templates.Resolved resolved =
                new Templates().resolve(value, new TemplateScope(scope, Set.of(), Map.of()), "with", problems);
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        return new ParameterBinder(problems).bind(step.parameters(), (Mapping) resolved.value(), "with");
    }

    public <P extends Record> StepPlan plan(Step<P, ?> step, P parameters) {
        return step.plan(parameters, context("test", new Observed()));
    }

    /** Executes the step; failures are captured in the result rather than thrown. */
    public <P extends Record> StepResult execute(Step<P, ?> step, P parameters) {
        Observed observed = new Observed();
        try {
            Record outputs = step.execute(parameters, context("test", observed));
            if (outputs == null) {
                throw new IllegalStateException("step '" + step.type() + "' returned null instead of its outputs");
            }
            Outputs read = Outputs.of(outputs);
            // As in a run: a secret output is masked in whatever later executions with this kit print.
            for (Object value : read.secretValues()) {
                if (value instanceof Collection<?> items) {
                    items.forEach(item -> secrets.add(String.valueOf(item)));
                } else {
                    secrets.add(String.valueOf(value));
                }
            }
            return observed.result(read, null);
        } catch (Exception e) {
            return observed.result(Outputs.empty(), e);
        }
    }

    /** What the step's context saw during one execution. */
    private static final class Observed {
        final List<StepResult.Line> lines = new CopyOnWriteArrayList<>();
        final List<String> questions = new CopyOnWriteArrayList<>();
        final List<Progress> progress = new CopyOnWriteArrayList<>();
        final ProgressReports reports = new ProgressReports();

        StepResult result(Outputs outputs, Exception failure) {
            return new StepResult(outputs, List.copyOf(lines), failure, List.copyOf(questions), List.copyOf(progress));
        }
    }

    @Override
    public void close() {
        for (Object resource : shared.values()) {
            if (resource instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing " + resource, e);
                }
            }
        }
        shared.clear();
        String problem = runDirectory.remove();
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    private StepContext context(String stepId, Observed observed) {
        List<StepResult.Line> lines = observed.lines;
        return new StepContext() {
            @Override
            public String stepId() {
                return stepId;
            }

            @Override
            public Path playbookDirectory() {
                return workingDirectory;
            }

            @Override
            public Path workingDirectory() {
                return workingDirectory;
            }

            @Override
            public Path runDirectory() {
                return runDirectory.path();
            }

            @Override
            public Map<String, String> environment() {
                return Map.copyOf(environment);
            }

            @Override
            public Path home() {
                return host.homeIn(environment);
            }

            @Override
            public String mask(String text) {
                return secrets.mask(text);
            }

            @Override
            public StepConsole console() {
                return new StepConsole() {
                    @Override
                    public void stdout(String line) {
                        lines.add(new StepResult.Line(StepResult.Stream.STDOUT, mask(line)));
                    }

                    @Override
                    public void stderr(String line) {
                        lines.add(new StepResult.Line(StepResult.Stream.STDERR, mask(line)));
                    }

                    @Override
                    public void info(String message) {
                        lines.add(new StepResult.Line(StepResult.Stream.INFO, mask(message)));
                    }

                    @Override
                    public void progress(String activity, long doneBytes, long totalBytes) {
                        observed.reports
                                .report(mask(activity), doneBytes, totalBytes)
                                .ifPresent(progress -> {
                                    observed.progress.add(progress);
                                    onProgress.accept(progress);
                                });
                    }
                };
            }

            @Override
            public Interaction interaction() {
                return new Interaction() {
                    @Override
                    public boolean confirm(String question) throws StepFailure {
                        observed.questions.add(question);
                        if (assumeYes) {
                            return true;
                        }
                        String answer = next(question);
                        return answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes");
                    }

                    @Override
                    public String ask(String question, boolean secret, String defaultValue) throws StepFailure {
                        observed.questions.add(question);
                        if (assumeYes && defaultValue != null) {
                            return defaultValue;
                        }
                        String answer = answers.isEmpty() && defaultValue != null ? defaultValue : next(question);
                        if (secret) {
                            addSecret(answer);
                        }
                        return answer.isEmpty() && defaultValue != null ? defaultValue : answer;
                    }

                    private String next(String question) throws StepFailure {
                        String answer = answers.poll();
                        if (answer == null) {
                            throw new StepFailure("no answer queued for: " + question);
                        }
                        return answer;
                    }
                };
            }

            @Override
            public Path createRunDirectory() {
                return runDirectory.create();
            }

            @Override
            public <T> T shared(Class<T> type, Supplier<? extends T> factory) {
                return type.cast(shared.computeIfAbsent(type, t -> factory.get()));
            }

            @Override
            public void addSecret(String value) {
                secrets.add(value);
            }

            @Override
            public AutoCloseable onCancel(Runnable action) {
                return () -> {};
            }

            @Override
            public boolean isCancelled() {
                return Thread.currentThread().isInterrupted();
            }
        };
    }
}
