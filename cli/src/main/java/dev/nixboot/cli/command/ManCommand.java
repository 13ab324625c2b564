package dev.nixboot.cli.command;

import dev.nixboot.cli.manual.ManPage;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nixboot man}: prints the manual page, for {@code man -l} or a man directory. */
@Command(
        name = "man",
        mixinStandardHelpOptions = true,
        description = {
            "Print nixboot's manual page (roff).",
            "Read it with: nixboot man | man -l -",
            "Install it with: nixboot man > ~/.local/share/man/man1/nixboot.1"
        })
public final class ManCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(ManPage.render(spec.root().commandLine()));
        out.flush();
        return 0;
    }
}
