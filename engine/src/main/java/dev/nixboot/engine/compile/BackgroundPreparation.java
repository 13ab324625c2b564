package dev.nixboot.engine.compile;

import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.model.CompiledPlaybookModel;
import dev.nixboot.engine.spi.OutputDescriptor;
import dev.nixboot.engine.spi.Outputs;
import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepPlan;
import dev.nixboot.engine.validate.ConstraintValidation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The one-time work of a process's first compile, done early on a daemon thread: building the Jakarta validator and
 * the constraint metadata of every built-in step's parameters, creating the expression language, and taking a small
 * playbook through the YAML reader, the templates and the binder so their classes are initialized and their code
 * warm. A command line starts it before it parses its own arguments, and on a machine with a second core the two
 * overlap — the idea of Spring Boot's {@code BackgroundPreinitializer}, which does the same for Hibernate Validator.
 *
 * <p>Purely an optimization: compiling does all of this on demand whether or not this thread has got there, the
 * shared parts are built once under the JVM's class-initialization locks, and a failure here is ignored (the real
 * compile reports it properly).
 */
public final class BackgroundPreparation {
    private static final String PLAYBOOK = """
            name: preparation
            vars:
              host: {type: string, default: example, pattern: '[a-z]+'}
              port: {type: int, default: 22, min: 1, max: 65535}
              swap: {type: int, default: 8}
              enabled: {type: bool, default: true}
              names: {type: list, default: [a, b]}
            steps:
              - id: first
                type: preparation
                with:
                  text: "${{ host }}:${{ port }} ${...}"
                  count: 2
                  items: ["${{ names[0] }}", "${{ empty host ? 'none' : host }}"]
                  settings: {mode: "0600"}
                  timeout: 1m30s
              - id: second
                type: preparation
                when: ${{ swap > 0 && enabled }}
                with:
                  text: ${{ steps.first.outputs.result }}
                  count: ${{ port + 1 }}
                  items: [x]
            """;

    private BackgroundPreparation() {}

    /** Starts the preparation and returns at once, with the thread doing it. */
    public static Thread start() {
        Thread thread = new Thread(BackgroundPreparation::prepare, "nixboot-preparation");
        thread.setDaemon(true);
        // Below the caller's priority: where there is one core, the work the user waits for goes first.
        thread.setPriority(Thread.NORM_PRIORITY - 1);
        thread.start();
        return thread;
    }

    static void prepare() {
        try {
            compilePlaybook();
            for (Step<?> step : ServiceLoader.load(Step.class, BackgroundPreparation.class.getClassLoader())) {
                ConstraintValidation.prepare(step.parameters());
            }
        } catch (Exception | LinkageError e) {
            // Nothing is lost: the compile that needs these parts builds them itself and reports what is wrong.
        }
    }

    /** Takes the small playbook through every stage of a compile; throws if it does not compile. */
    static CompiledPlaybookModel compilePlaybook() throws PlaybookException {
        return new PlaybookCompiler(StepRegistry.of(List.of(new PreparationStep())))
                .compile(Path.of("preparation.yaml"), PLAYBOOK, VariableInputs.none(), Path.of("").toAbsolutePath(),
                        Map.of());
    }

    /** Parameters with the kinds of constraints and values the built-in steps use. */
    record PreparationParameters(
            @NotBlank String text,
            @Min(0) @Max(65535) int count,
            @NotEmpty List<@NotBlank String> items,
            Map<@NotBlank String, String> settings,
            Duration timeout) {}

    /** A step type only this preparation's playbook uses; it is never registered with an engine. */
    static final class PreparationStep implements Step<PreparationParameters> {
        @Override
        public String type() {
            return "preparation";
        }

        @Override
        public String summary() {
            return "Prepares the engine's shared parts.";
        }

        @Override
        public Class<PreparationParameters> parameters() {
            return PreparationParameters.class;
        }

        @Override
        public List<OutputDescriptor> outputs() {
            return List.of(new OutputDescriptor("result", "A value for the next step's template.", false));
        }

        @Override
        public StepPlan plan(PreparationParameters parameters, PlanContext context) {
            return StepPlan.of(parameters.text());
        }

        @Override
        public Outputs execute(PreparationParameters parameters, StepContext context) {
            return Outputs.empty();
        }
    }
}
