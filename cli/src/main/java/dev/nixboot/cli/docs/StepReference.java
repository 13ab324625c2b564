package dev.nixboot.cli.docs;

import dev.nixboot.engine.spi.OutputDescriptor;
import dev.nixboot.engine.spi.Step;
import java.util.List;

/**
 * The step reference in Markdown ({@code nixboot steps --markdown}, committed as src/docs/steps.md): every step
 * type's summary, parameters, outputs and example, read from the step classes through {@link StepDocs}, so the
 * manual says what {@code nixboot steps TYPE} and the schema say. A test fails when the committed file is stale.
 */
public final class StepReference {
    private final StepDocs docs;

    public StepReference(StepDocs docs) {
        this.docs = docs;
    }

    public String render(List<Step<?, ?>> steps) {
        StringBuilder text = new StringBuilder();
        text.append("# Step reference\n\n")
                .append("Generated from the step classes by `nixboot steps --markdown > src/docs/steps.md`; do not edit"
                        + " by hand. `nixboot steps TYPE` prints the same for one step, with plugins' steps too.\n\n");
        for (Step<?, ?> step : steps) {
            text.append("- [`")
                    .append(step.type())
                    .append("`](#")
                    .append(anchor(step.type()))
                    .append(") — ")
                    .append(step.summary())
                    .append('\n');
        }
        for (Step<?, ?> step : steps) {
            text.append("\n## ")
                    .append(step.type())
                    .append("\n\n")
                    .append(step.summary())
                    .append("\n\n");
            List<StepDocs.Parameter> parameters = docs.parameters(step);
            text.append("Parameters (under `with:`):\n\n");
            if (parameters.isEmpty()) {
                text.append("none\n");
            } else {
                text.append("| name | facts | description |\n|---|---|---|\n");
                for (StepDocs.Parameter parameter : parameters) {
                    text.append("| `")
                            .append(parameter.name())
                            .append("` | ")
                            .append(cell(parameter.facts()))
                            .append(" | ")
                            .append(cell(parameter.description()))
                            .append(" |\n");
                }
            }
            text.append("\nOutputs (`${{ steps.<id>.outputs.<name> }}`):\n\n");
            List<OutputDescriptor> outputs = docs.outputs(step);
            if (outputs.isEmpty()) {
                text.append("none\n");
            } else {
                text.append("| name | kind | description |\n|---|---|---|\n");
                for (OutputDescriptor output : outputs) {
                    text.append("| `")
                            .append(output.name())
                            .append("` | ")
                            .append(StepDocs.kind(output))
                            .append(" | ")
                            .append(cell(output.description()))
                            .append(" |\n");
                }
            }
            String example = step.example().strip();
            if (!example.isEmpty()) {
                text.append("\nExample:\n\n```yaml\n").append(example).append("\n```\n");
            }
        }
        return text.toString();
    }

    /** GitHub's heading anchors: lower case, dots and other punctuation dropped. */
    static String anchor(String type) {
        return type.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9 _-]", "")
                .replace(' ', '-');
    }

    /** A table cell: a '|' would end it, a line break would end the row. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
