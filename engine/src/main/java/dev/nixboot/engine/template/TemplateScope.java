package dev.nixboot.engine.template;

import dev.nixboot.engine.spi.OutputDescriptor;
import java.util.Map;
import java.util.Set;

/**
 * What expressions see, plus what must be masked when their results are shown.
 *
 * @param run the values: variables, step outputs, environment, directories
 * @param secretVariables names of variables declared {@code secret: true}
 * @param secretOutputs per step id, the names of its outputs declared secret
 * @param outputTypes per step id, the declared type of each output: what an output not known yet will be
 */
public record TemplateScope(
        RunScope run,
        Set<String> secretVariables,
        Map<String, Set<String>> secretOutputs,
        Map<String, Map<String, OutputDescriptor.Type>> outputTypes) {
    public TemplateScope {
        secretVariables = Set.copyOf(secretVariables);
        secretOutputs = Map.copyOf(secretOutputs);
        outputTypes = Map.copyOf(outputTypes);
    }

    /** A scope that knows no output types: fine wherever outputs are known. */
    public TemplateScope(RunScope run, Set<String> secretVariables, Map<String, Set<String>> secretOutputs) {
        this(run, secretVariables, secretOutputs, Map.of());
    }

    public TemplateScope withOutputTypes(Map<String, Map<String, OutputDescriptor.Type>> types) {
        return new TemplateScope(run, secretVariables, secretOutputs, types);
    }

    OutputDescriptor.Type outputType(String stepId, String output) {
        return outputTypes.getOrDefault(stepId, Map.of()).getOrDefault(output, OutputDescriptor.Type.ANY);
    }
}
