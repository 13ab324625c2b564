package dev.nixboot.engine.validate;

import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Scalar;
import dev.nixboot.engine.load.Value;
import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * The shape of a playbook file, said once: {@link PlaybookReader} binds the YAML to these records with the binder
 * step parameters go through, and schemas/playbook.schema.json is generated from them, so an editor and
 * {@code nixboot validate} judge a playbook alike. Messages that echo {@code ${validatedValue}} show the value as
 * written. The binder checks each record as it builds it, so none needs {@code @Valid}. What records cannot say is checked in {@link PlaybookReader} and {@link Variables}: unique step ids, the
 * step types, variable names, and a variable's default and choices against its type.
 */
public final class PlaybookFormat {
    /** Step ids are names in expressions ({@code ${{ steps.<id>.outputs.x }}}), so they must be identifiers. */
    public static final String STEP_ID = "[a-z][a-z0-9_]*";
    /** Lock names are plain words, so that a message naming one reads as it was written. */
    public static final String LOCK_NAME = "[a-z0-9][a-z0-9_.-]*";
    /** Variable names: used in expressions as {@code ${{ name }}}. */
    public static final String VARIABLE_NAME = "[A-Za-z_][A-Za-z0-9_]*";
    /** Names expressions already give a meaning, and words the expression language reserves. */
    public static final Set<String> RESERVED_NAMES = Set.of(
            "steps",
            "env",
            "playbook_dir",
            "working_dir",
            "run_dir",
            "and",
            "or",
            "not",
            "eq",
            "ne",
            "lt",
            "gt",
            "le",
            "ge",
            "true",
            "false",
            "null",
            "empty",
            "div",
            "mod",
            "instanceof");

    private static final String ATTEMPTS =
            "must be between 1 and 1000 (the number of tries in all), not" + " ${validatedValue}";

    private PlaybookFormat() {}

    @Description("A nixboot playbook: typed variables and a DAG of steps.")
    public record Document(
            @Description("What the playbook does, shown when it runs; the file name when left out.")
            String name,

            @Description("Longer notes on the playbook.") String description,

            @Description("Typed inputs, set by their default, --vars-file or --var name=value (in rising precedence)"
                    + " and used in templates as ${{ name }}.")
            Map<String, Variable> vars,

            @Description("The steps. A step without needs waits for the one before it, so a plain list runs top to"
                    + " bottom.")
            @NotNull(message = "add a 'steps:' list, each item starting with '- id:'")
            List<Step> steps) {}

    @Description("A variable declaration; written as a value alone, it is the default and its type follows from it.")
    @ShortForm("default")
    public record Variable(
            @Description("The value's type; --var values are converted to it.") @DefaultValue("string")
            VariableType type,

            @Description("The value when no --vars-file or --var sets one.")
            Value default_,

            @Description("Whether a value must be given when there is no default.") @DefaultValue("false")
            boolean required,

            @Description("What the variable means, shown in errors and docs.")
            String description,

            @Description("A regular expression the whole value must match.")
            @ForTypes({VariableType.STRING, VariableType.PATH})
            String pattern,

            @Description("The only values allowed.") @OneOrMany
            List<Scalar> choices,

            @Description("The smallest value an int may take.") @ForTypes(VariableType.INT)
            Long min,

            @Description("The largest value an int may take.") @ForTypes(VariableType.INT)
            Long max,

            @Description("Masks the value in output, logs and state files.") @DefaultValue("false")
            boolean secret) {}

    @Description("A step: a type and its parameters under with, plus when and in what order it runs.")
    public record Step(
            @Description("The step's name, unique in the playbook; outputs are ${{ steps.<id>.outputs.<name> }}.")
            @NotNull(message = "every step needs one, such as 'id: install'")
            @Pattern(
                    regexp = STEP_ID,
                    message = "'${validatedValue}' is not a valid step id: use lowercase letters,"
                            + " digits and _, starting with a letter, because ids are used in"
                            + " ${{ steps.<id>.outputs.<name> }}")
            String id,

            @Description("What the step does; `nixboot steps` lists the types.")
            @NotNull(message = "say which kind of step this is, such as 'type: exec'")
            String type,

            @Description("The step's parameters; `nixboot steps TYPE` describes them.")
            Mapping with,

            @Description("Ids of the steps this one waits for. Without needs, a step waits for the one before it;"
                    + " needs: [] starts a branch at once.")
            @OneOrMany
            List<Scalar> needs,

            @Description("Runs the step only when true, such as ${{ swap_size > 0 }}. A skipped step's dependents"
                    + " still run.")
            Condition when,

            @Description("Tries the step again when it fails: retry: 3, or {attempts: 3, delay: 5s, backoff: 2}.")
            Retry retry,

            @Description("Cancels the step when it runs longer, such as 10m.")
            @DurationMin(nanos = 1, message = "must be longer than 0; leave it out for no timeout")
            Duration timeout,

            @Description("Lets dependents run even when this step fails.") @DefaultValue("false")
            boolean continueOnError,

            @Description("A yes/no question asked before the step runs; no cancels it. --yes answers yes.")
            Scalar confirm,

            @Description("Labels for selecting steps with --tags.") @OneOrMany
            List<String> tags,

            @Description("What the step is for.") String description,

            @Description("A named lock, such as nix-secrets: of all runs of one command (the hosts of an inventory),"
                    + " one at a time holds it, for a section: the steps naming it that need each other directly,"
                    + " from the start of the first until the last has ended.")
            @Pattern(
                    regexp = LOCK_NAME,
                    message = "'${validatedValue}' is not a valid lock name: use lowercase"
                            + " letters, digits, '.', '-' and '_', such as 'nix-secrets'")
            String lock) {}

    @Description("Tries the step again when it fails: attempts in all, waiting delay, then delay times backoff, and so"
            + " on.")
    @ShortForm("attempts")
    public record Retry(
            @Description("How many tries in all.")
            @DefaultValue("1")
            @Min(value = 1, message = ATTEMPTS)
            @Max(value = 1000, message = ATTEMPTS)
            int attempts,

            @Description("How long to wait before the second try.") @DefaultValue("0s")
            Duration delay,

            @Description("What each delay is multiplied by for the next.")
            @DefaultValue("1")
            @DecimalMin(value = "1", message = "must be at least 1 (1 waits the same delay each time, 2 doubles it)")
            double backoff) {}
}
