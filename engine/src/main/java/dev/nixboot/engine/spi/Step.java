package dev.nixboot.engine.spi;

/**
 * One kind of step a playbook can use, registered in {@code META-INF/services/dev.nixboot.engine.spi.Step}.
 *
 * <p>Implementations are stateless and shared by every step of that type in a run, possibly from several threads at
 * once; anything that lives for the run (a connection pool, say) goes through {@link StepContext#shared}.
 *
 * @param <P> the parameter record; its components are bound from the step's {@code with:} mapping, validated with
 *     Jakarta constraints, and documented by {@link Description} and {@link DefaultValue}
 * @param <O> the output record; each component is an output, named in snake_case like parameters
 *     ({@code exitCode} is {@code steps.x.outputs.exit_code}), documented by {@link Description}; a {@link Secret}
 *     component is masked wherever its value goes. {@link NoOutputs} for a step that returns nothing.
 */
public interface Step<P extends Record, O extends Record> {

    /** The short stable name playbooks use, such as {@code exec} or {@code ssh.exec}; never a class name. */
    String type();

    /**
     * One line for {@code nixboot steps}, the step reference and the schema: what the step does, in the imperative.
     * The only summary of the step: its records carry none.
     */
    String summary();

    /** The parameter record class. */
    Class<P> parameters();

    /**
     * The output record class: what {@link #execute} returns, so templates such as {@code steps.x.outputs.y} are
     * checked before the run and the docs list the outputs.
     */
    Class<O> outputs();

    /**
     * A short YAML example of the step, shown by {@code nixboot steps TYPE}; empty when there is none. A test compiles
     * every shipped step's example with the shipped steps.
     */
    default String example() {
        return "";
    }

    /**
     * Whether this step's outputs stay true after the run that made them, so {@code --resume} may take them from the
     * saved state instead of running the step again. A step whose outputs name something that ends with its run, such
     * as a file in the {@link StepContext#createRunDirectory run directory}, returns false: it is not saved, and a
     * resumed run runs it again.
     */
    default boolean outputsOutliveRun() {
        return true;
    }

    /**
     * Describes exactly what {@link #execute} would do with these parameters, for dry runs. Must not touch the
     * network, write files or start processes.
     */
    StepPlan plan(P parameters, PlanContext context);

    /**
     * Does the work and returns its outputs (never null: {@link NoOutputs#NONE} for none). Throw {@link StepFailure} for an expected failure with a message for the user; anything else is
     * reported as a bug in the step, naming its type and class. Must stop promptly when the thread is interrupted or
     * a {@link StepContext#onCancel cancel action} runs.
     */
    O execute(P parameters, StepContext context) throws Exception;
}
