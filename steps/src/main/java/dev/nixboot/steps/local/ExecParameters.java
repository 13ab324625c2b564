package dev.nixboot.steps.local;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.NoSecrets;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The {@code with:} of an {@code exec} step. */
public record ExecParameters(
        @Description("The program and its arguments, passed as they are without a shell: a value such as"
                + " '; rm -rf ~' stays one argument. Give this or script.")
        @NoSecrets(shows = PROCESS_LIST, instead = PASS_SECRETS)
        List<@NotNull @NoNulCharacter String> argv,

        @Description("A script for 'sh -c', for when you want pipes, redirections or globbing. Give this or argv.")
        @NoSecrets(shows = PROCESS_LIST, instead = PASS_SECRETS)
        @NoNulCharacter
        String script,

        @Description("The directory to run in; relative paths resolve against the directory nixboot was started in.")
        @NoNulCharacter
        String cwd,

        @Description("Extra environment variables, added to the environment nixboot was started with. Pass"
                + " secrets here or through stdin, never in argv.")
        Map<
                        @NotBlank @NoNulCharacter
                        @Pattern(
                                regexp = "[^=]*",
                                message = "a variable name cannot contain '=': it" + " ends the name")
                        String,
                        @NotNull @NoNulCharacter String>
                env,

        @Description("Text written to the process's standard input; without it the process reads an empty input.")
        String stdin,

        @Description("Kill the process and every process it started after this long, such as 30s, 5m or 1h30m.")
        Duration timeout,

        @Description("Exit codes that count as success.") @DefaultValue("[0]") @NotEmpty
        List<@NotNull @Min(0) @Max(255) Integer> okCodes) {

    static final String PROCESS_LIST = "in the process list, where every user of this machine can read it";
    static final String PASS_SECRETS = "pass it through env or stdin, and refer to it as \"$NAME\" in a script";

    public ExecParameters {
        argv = argv == null ? null : List.copyOf(argv);
        env = env == null ? Map.of() : Map.copyOf(env);
        okCodes = okCodes == null ? null : List.copyOf(okCodes);
    }

    /** Validated as a property so the playbook gets a clear problem rather than a failure at run time. */
    @AssertTrue(message = "give exactly one of argv or script")
    public boolean isArgvOrScript() {
        boolean hasArgv = argv != null && !argv.isEmpty();
        boolean hasScript = script != null && !script.isBlank();
        return hasArgv != hasScript;
    }

    /** Validated as a property so the playbook gets a clear problem rather than a failure at run time. */
    @AssertTrue(message = "argv[0] is empty: it must name the program to run")
    public boolean isProgramNamed() {
        return argv == null
                || argv.isEmpty()
                || argv.get(0) == null
                || !argv.get(0).isEmpty();
    }

    /** The full command line: argv, or {@code sh -c script}. */
    List<String> commandLine() {
        return argv != null && !argv.isEmpty() ? argv : List.of("sh", "-c", script);
    }
}
