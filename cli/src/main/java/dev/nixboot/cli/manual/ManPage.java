package dev.nixboot.cli.manual;

import dev.nixboot.cli.version.BuildVersion;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The manual page, in roff for {@code man}, written from the same picocli model as {@code --help}: every command,
 * option and parameter with its description, so the manual cannot fall behind the program.
 */
public final class ManPage {
    private ManPage() {}

    public static String render(CommandLine root) {
        CommandSpec spec = root.getCommandSpec();
        String name = spec.name();
        StringBuilder page = new StringBuilder();
        page.append(".TH ")
                .append(name.toUpperCase(Locale.ROOT))
                .append(" 1 \"\" \"")
                .append(escape(name + " " + BuildVersion.version()))
                .append("\" \"User Commands\"\n");
        page.append(".SH NAME\n")
                .append(escape(name))
                .append(" \\- ")
                .append(escape(firstLine(spec)))
                .append('\n');
        page.append(".SH SYNOPSIS\n").append(synopsis(root)).append('\n');
        page.append(".SH DESCRIPTION\n");
        paragraphs(page, spec.usageMessage().description());
        options(page, spec);
        if (!root.getSubcommands().isEmpty()) {
            page.append(".SH COMMANDS\n");
            commands(page, root);
        }
        page.append(".SH EXIT STATUS\n");
        exit(page, "0", "Everything went well.");
        exit(page, "1", "A step failed.");
        exit(page, "2", "Bad usage, or an invalid playbook: every problem is printed as file:line:col: message.");
        exit(page, "130", "Interrupted (Ctrl-C): running steps were stopped and the state saved; --resume continues.");
        page.append(".SH ENVIRONMENT\n");
        exit(page, "NO_COLOR", "When set to anything but the empty string, output is never coloured.");
        page.append(".SH SEE ALSO\n")
                .append(escape(name))
                .append(" steps, ")
                .append(escape(name))
                .append(" schema, the README of the nixboot repository.\n");
        return page.toString();
    }

    private static void commands(StringBuilder page, CommandLine command) {
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            CommandSpec spec = sub.getValue().getCommandSpec();
            if (spec.usageMessage().hidden() || !sub.getKey().equals(spec.name())) {
                continue; // hidden commands and aliases are left out
            }
            page.append(".SS \"").append(escape(spec.qualifiedName(" "))).append("\"\n");
            page.append(synopsis(sub.getValue())).append('\n');
            page.append(".PP\n");
            paragraphs(page, spec.usageMessage().description());
            for (PositionalParamSpec parameter : spec.positionalParameters()) {
                if (parameter.hidden()) {
                    continue;
                }
                page.append(".TP\n\\fI").append(escape(parameter.paramLabel())).append("\\fR\n");
                paragraphs(page, parameter.description());
            }
            for (OptionSpec option : visibleOptions(spec)) {
                option(page, option);
            }
            commands(page, sub.getValue());
        }
    }

    private static void options(StringBuilder page, CommandSpec spec) {
        List<OptionSpec> options = visibleOptions(spec);
        if (options.isEmpty()) {
            return;
        }
        page.append(".SH OPTIONS\n");
        options.forEach(option -> option(page, option));
    }

    private static List<OptionSpec> visibleOptions(CommandSpec spec) {
        return spec.options().stream().filter(o -> !o.hidden()).toList();
    }

    private static void option(StringBuilder page, OptionSpec option) {
        page.append(".TP\n");
        String[] names = option.names();
        for (int i = 0; i < names.length; i++) {
            page.append(i == 0 ? "" : ", ")
                    .append("\\fB")
                    .append(escape(names[i]))
                    .append("\\fR");
        }
        if (option.typeInfo().isBoolean()) {
            page.append('\n');
        } else {
            page.append(" \\fI").append(escape(option.paramLabel())).append("\\fR\n");
        }
        paragraphs(page, option.description());
    }

    private static String synopsis(CommandLine command) {
        String text = command.getHelp().synopsis(0).strip();
        return escape(text.replaceAll("\\s+", " "));
    }

    private static void paragraphs(StringBuilder page, String[] lines) {
        for (String line : lines) {
            page.append(escape(line)).append('\n').append(".br\n");
        }
    }

    private static void exit(StringBuilder page, String tag, String text) {
        page.append(".TP\n\\fB")
                .append(escape(tag))
                .append("\\fR\n")
                .append(escape(text))
                .append('\n');
    }

    private static String firstLine(CommandSpec spec) {
        String[] description = spec.usageMessage().description();
        return description.length == 0 ? "" : description[0];
    }

    /** Backslashes and hyphens as roff wants them; a leading dot or quote would be read as a request. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        if (escaped.startsWith(".") || escaped.startsWith("'")) {
            escaped = "\\&" + escaped;
        }
        return escaped;
    }
}
