package dev.nixboot.cli.schema;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.NoOutputs;
import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Secret;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepPlan;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Steps that exist only for these tests, covering the parameter shapes real steps use: constraints, defaults, lists,
 * maps, enums, durations, secrets. Not registered with ServiceLoader, so they never reach the committed schema.
 */
public final class FixtureSteps {
    private FixtureSteps() {}

    public static List<Step<?, ?>> all() {
        return List.of(new NoteStep(), new ProbeStep());
    }

    public enum Mode { FAST, THOROUGH }

    public record Probe(
            @NotBlank @Description("The host to reach.") String host,
            @Min(1) @Max(65535) @DefaultValue("22") @Description("The TCP port.") int port,
            @DefaultValue("[0]") @Description("Exit codes that count as success.") List<@Min(0) @Max(255) Integer> okCodes,
            @Description("Extra environment variables.") Map<String, String> env,
            @Secret @Description("The password to log in with.") String password,
            @DefaultValue("fast") Mode mode,
            @Pattern(regexp = "[a-z_][a-z0-9_-]*") @Description("The login name.") String user,
            @Description("How long to wait.") Duration timeout,
            @DefaultValue("true") boolean verbose) {}

    public record Note(@NotBlank @Description("What to say.") String message) {}

    public record Probed(
            @Description("How long the answer took.") int latencyMs,
            @Secret @Description("What the server said first.") String banner) {}

    public static final class ProbeStep implements Step<Probe, Probed> {
        @Override
        public String type() {
            return "fixture.probe";
        }

        @Override
        public String summary() {
            return "Check that a host answers on a port";
        }

        @Override
        public Class<Probe> parameters() {
            return Probe.class;
        }

        @Override
        public Class<Probed> outputs() {
            return Probed.class;
        }

        @Override
        public String example() {
            return """
                    - id: probe
                      type: fixture.probe
                      with:
                        host: ${{ host }}
                        port: 2222
                    """;
        }

        @Override
        public StepPlan plan(Probe parameters, PlanContext context) {
            return StepPlan.of("probe " + parameters.host() + ":" + parameters.port());
        }

        @Override
        public Probed execute(Probe parameters, StepContext context) {
            return new Probed(1, "SSH-2.0-OpenSSH_9.6");
        }
    }

    public static final class NoteStep implements Step<Note, NoOutputs> {
        @Override
        public String type() {
            return "fixture.note";
        }

        @Override
        public String summary() {
            return "Print a note";
        }

        @Override
        public Class<Note> parameters() {
            return Note.class;
        }

        @Override
        public Class<NoOutputs> outputs() {
            return NoOutputs.class;
        }

        @Override
        public StepPlan plan(Note parameters, PlanContext context) {
            return StepPlan.of("say " + parameters.message());
        }

        @Override
        public NoOutputs execute(Note parameters, StepContext context) {
            context.console().info(parameters.message());
            return NoOutputs.NONE;
        }
    }
}
