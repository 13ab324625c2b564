package dev.nixboot.cli.command;

import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.cli.invocation.Invocation;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nixboot}: the root command (its subcommands are added by {@link Nixboot}); they find the {@link Invocation} through it. */
@Command(
        name = "nixboot",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Run YAML playbooks of pluggable steps (local processes, SSH, git, age, sops) as a DAG.",
        footer = {"", "Exit codes: 0 ok, 1 a step failed, 2 bad usage or invalid playbook, 130 interrupted."})
public final class NixbootCommand implements Callable<Integer> {
    private final Invocation invocation;

    @Spec
    CommandSpec spec;

    public NixbootCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    Invocation invocation() {
        return invocation;
    }

    /** Without a subcommand there is nothing to do: say what there is, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }
}
