package dev.nixboot.cli.display;

import dev.nixboot.engine.api.PlannedStep;
import dev.nixboot.engine.compile.CompiledPlaybook;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A dry run as text: every step in execution order with its resolved parameters and the exact command lines it
 * would run. Placeholders such as {@code <steps.keyscan.outputs.key>} stand for outputs not known before the run.
 */
public final class PlanDisplay {
    private final PrintWriter out;

    /**
     * A plan can run to tens of thousands of lines, and the command's writer flushes at each line end (a system call
     * each: 60,000 for a dry run of 10,000 steps): the plan goes through a buffer and is flushed once, at its end.
     */
    public PlanDisplay(PrintWriter out) {
        this.out = new PrintWriter(new BufferedWriter(out, 1 << 16));
    }

    public void print(CompiledPlaybook playbook, String playbookPath, List<PlannedStep> steps) {
        long selected = steps.stream().filter(PlannedStep::selected).count();
        out.println("dry run of '" + playbook.name() + "' (" + playbookPath + "): " + selected + " of " + steps.size()
                + " steps would run, in this order; nothing was run or written");
        int number = 0;
        for (PlannedStep step : steps) {
            number++;
            out.println();
            out.println(number + ". " + step.id() + " (" + step.type() + ")"
                    + (step.selected() ? "" : "  -- not selected, would not run"));
            if (!step.description().isEmpty()) {
                out.println("   " + step.description());
            }
            if (!step.needs().isEmpty()) {
                out.println("   needs: " + String.join(", ", step.needs()));
            }
            if (!step.when().isEmpty()) {
                out.println("   when: " + step.when());
            }
            if (!step.parameters().isEmpty()) {
                out.println("   with:");
                step.parameters().forEach((name, value) -> printParameter(name, value));
            }
            for (String action : step.actions()) {
                // A script's lines stay under their step instead of starting at the margin like a new step.
                out.println("   > " + action.stripTrailing().replace("\n", "\n     "));
            }
        }
        out.flush();
    }

    /** Multi-line text (scripts) as a YAML literal block, indented under its key; anything else on one line. */
    private void printParameter(String name, Object value) {
        if (value instanceof String text && text.contains("\n")) {
            out.println("     " + name + ": |");
            text.stripTrailing().lines().forEach(line -> out.println(line.isEmpty() ? "" : "       " + line));
        } else {
            out.println("     " + name + ": " + render(value));
        }
    }

    /** YAML flow style, short enough to read on one line. */
    static String render(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(PlanDisplay::render).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(e -> e.getKey() + ": " + render(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof String text && text.isEmpty()) {
            return "\"\"";
        }
        return String.valueOf(value);
    }
}
