package dev.nixboot.cli.events;

import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.StepStatus;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.ParameterNames;
import java.util.List;
import java.util.Map;

/**
 * The events of {@code --output json}, one JSON object per line. Each record is both what is written and what
 * schemas/events.schema.json is generated from; the {@code event} field names the kind.
 */
public sealed interface Event {

    /** The kind, as written in the {@code event} field: {@code RunStarted} is run_started. */
    default String kind() {
        return kindName(getClass());
    }

    static String kindName(Class<?> kind) {
        return ParameterNames.yamlName(kind.getSimpleName());
    }

    @Description("A note about the run as a whole rather than one step, such as a resume of a playbook that changed"
            + " since the saved run; may come before run_started.")
    record Notice(
            @Description("When, as an ISO-8601 UTC instant.")
            String time,

            @Description("The note, secrets masked.") String message)
            implements Event {}

    @Description("A run began.")
    record RunStarted(
            @Description("When, as an ISO-8601 UTC instant.")
            String time,

            @Description("The playbook's name.") String playbook,
            @Description("How many steps the playbook has.") int steps)
            implements Event {}

    @Description("A step began an attempt.")
    record StepStarted(
            @Description("When, as an ISO-8601 UTC instant.")
            String time,

            @Description("The step id.") String step,
            @Description("The step type.") String type,
            @Description("Which try this is, from 1.") int attempt)
            implements Event {}

    @Description("A line a step wrote, secrets masked.")
    record Output(
            @Description("When, as an ISO-8601 UTC instant.")
            String time,

            @Description("The step id.") String step,

            @Description("stdout and stderr are the work's own streams; info is a note from the step.")
            RunListener.Stream stream,

            @Description("The line, without its line end.") String line)
            implements Event {}

    @Description("How far a step's long piece of work has come, such as writing an image to a disk: the first report of"
            + " each activity, the last, and one for each hundredth of the work in between.")
    record Progress(
            @Description("When, as an ISO-8601 UTC instant.")
            String time,

            @Description("The step id.") String step,

            @Description("What is being done, such as writing or verifying; a new activity starts from 0.")
            String activity,

            @Description("Bytes done so far.") long doneBytes,
            @Description("Bytes in all.") long totalBytes,

            @Description("The average rate since the activity began, in bytes per second.")
            long bytesPerSecond,

            @MayBeNull @Description("The time left at that rate, in seconds; null while no rate is known yet.")
            Long secondsLeft)
            implements Event {}

    @Description("A step ended: ran, failed, or was skipped.")
    record StepFinished(
            @Description("When, as an ISO-8601 UTC instant.")
            String time,

            @Description("The step id.") String step,
            @Description("How it ended.") StepStatus status,

            @Description("How long it took, in milliseconds.")
            long durationMs,

            @Description("Its non-secret outputs by name.") Map<String, Object> outputs,

            @MayBeNull
            @Description("Why it failed, or why it did not run here: skipped, not selected, cancelled, or"
                    + " resumed ('completed in the saved run'); null when it succeeded in this run.")
            String error)
            implements Event {}

    @Description("The run ended; the last event.")
    record RunFinished(
            @Description("When, as an ISO-8601 UTC instant.")
            String time,

            @Description("nixboot's exit code: 0 all went well, 1 a step failed, 2 refused before the first step"
                    + " (another run of the playbook is going on), 130 interrupted (Ctrl-C, SIGTERM).")
            int exitCode,

            @Description("How long the run took, in milliseconds.")
            long durationMs,

            @Description("How many steps ended in each status.")
            Map<String, Integer> summary,

            @Description("Each selected step, in execution order.")
            List<StepSummary> steps)
            implements Event {}

    @Description("One step of a dry run (--dry-run --output json), in execution order; nothing was run.")
    record PlannedStep(
            @Description("The step id.") String step,
            @Description("The step type.") String type,

            @Description("The step's description, or empty.")
            String description,

            @Description("The ids of the steps it waits for.")
            List<String> needs,

            @Description("Its condition as written, or empty when it always runs.")
            String when,

            @Description("Its parameters with templates resolved as far as they can be before the run, secrets"
                    + " masked, and placeholders such as <steps.keyscan.outputs.key> for outputs not known yet.")
            Map<String, Object> parameters,

            @Description("What it would do: the exact command lines, masked.")
            List<String> actions,

            @Description("Whether the selection (--only, --skip, --from, --tags, --resume) keeps it.")
            boolean selected)
            implements Event {}

    @Description("How one step ended, in the run's summary.")
    record StepSummary(
            @Description("The step id.") String id,
            @Description("The step type.") String type,
            @Description("How it ended.") StepStatus status,

            @Description("How long it took, in milliseconds.")
            long durationMs,

            @MayBeNull
            @Description("Why it failed, or why it did not run here: skipped, not selected, cancelled, or"
                    + " resumed ('completed in the saved run'); null when it succeeded in this run.")
            String error) {}

    /**
     * Every kind, in the order a run emits them (notices at any time), then a dry run's; the schema lists them in
     * this order.
     */
    static List<Class<? extends Event>> kinds() {
        return List.of(
                Notice.class,
                RunStarted.class,
                StepStarted.class,
                Output.class,
                Progress.class,
                StepFinished.class,
                RunFinished.class,
                PlannedStep.class);
    }
}
