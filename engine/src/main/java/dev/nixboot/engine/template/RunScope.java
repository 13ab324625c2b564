package dev.nixboot.engine.template;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code ${{ ... }}} expressions see when a step's fields are resolved.
 *
 * @param variables variable values by name (typed: Integer, Boolean, String, List)
 * @param stepOutputs outputs of finished steps, by step id then output name
 * @param environment the process environment ({@code env.HOME})
 * @param playbookDirectory {@code playbook_dir}
 * @param workingDirectory {@code working_dir}
 * @param runDirectory {@code run_dir}, the per-run work directory
 * @param planning true during dry runs and validation: outputs of steps that have not run resolve to placeholders
 *     such as {@code <steps.keyscan.outputs.key>} instead of failing
 */
public record RunScope(
        Map<String, Object> variables,
        Map<String, Map<String, Object>> stepOutputs,
        Map<String, String> environment,
        Path playbookDirectory,
        Path workingDirectory,
        Path runDirectory,
        boolean planning) {}
