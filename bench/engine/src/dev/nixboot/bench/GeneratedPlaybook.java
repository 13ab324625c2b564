package dev.nixboot.bench;

import dev.nixboot.engine.Engines;
import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.compile.CompiledPlaybook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A playbook of {@code run.noop} steps with no template, compiled before the clock starts, so the benchmark measures
 * the planner and the runner alone (the compiler binds a template-free {@code with:} once): a chain (each step needs
 * the one before) or a fan (every step starts at once).
 */
final class GeneratedPlaybook {
    private GeneratedPlaybook() {}

    static CompiledPlaybook compile(String shape, int size) throws IOException, PlaybookException {
        StringBuilder yaml = new StringBuilder("name: generated\nsteps:\n");
        for (int i = 0; i < size; i++) {
            yaml.append("  - id: step_").append(i).append("\n    type: run.noop\n");
            if (shape.equals("fan")) {
                yaml.append("    needs: []\n");
            }
            yaml.append("    with: {text: step_").append(i).append("}\n");
        }
        Path file = Files.createTempFile("nixboot-bench-", ".yaml");
        try {
            Files.writeString(file, yaml);
            return Engines.create(ThisProcess.host(), List.of()).compile(file, VariableInputs.none());
        } finally {
            Files.delete(file);
        }
    }
}
