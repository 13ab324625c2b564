package dev.nixboot.steps.sops;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code sops.updatekeys}: {@code sops updatekeys -y} on every secrets file the creation rules cover. */
public final class SopsUpdatekeysStep implements Step<SopsUpdatekeysParameters, SopsUpdatekeysOutputs> {

    @Override
    public String type() {
        return "sops.updatekeys";
    }

    @Override
    public String summary() {
        return "Re-encrypt every sops file the creation rules cover for the rules' current recipients";
    }

    @Override
    public Class<SopsUpdatekeysParameters> parameters() {
        return SopsUpdatekeysParameters.class;
    }

    @Override
    public Class<SopsUpdatekeysOutputs> outputs() {
        return SopsUpdatekeysOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: sops_updatekeys
                  type: sops.updatekeys
                  with:
                    directory: ../nix-secrets
                    env:
                      SOPS_AGE_KEY_FILE: ${{ env.HOME }}/.config/sops/age/keys.txt
                """;
    }

    @Override
    public StepPlan plan(SopsUpdatekeysParameters p, PlanContext context) {
        Path config = config(p, context);
        if (p.files() != null) {
            return new StepPlan(p.files().stream()
                    .map(f -> "run: sops updatekeys -y " + f + " (in " + config.getParent() + ")")
                    .toList());
        }
        return StepPlan.of("run: sops updatekeys -y FILE for every sops-encrypted file under " + config.getParent()
                + " that a creation rule of " + config.getFileName() + " covers");
    }

    @Override
    public SopsUpdatekeysOutputs execute(SopsUpdatekeysParameters p, StepContext context) throws StepFailure {
        Path config = config(p, context);
        Map<String, String> environment = new HashMap<>(context.environment());
        environment.putAll(p.env());
        Path sops = LocalCommand.find("sops", environment);
        if (sops == null) {
            throw new StepFailure("sops is not installed (no sops on PATH); install it from "
                    + "https://github.com/getsops/sops or put its directory on PATH");
        }
        List<String> files;
        try {
            files = p.files() != null ? p.files() : SopsSecretsFiles.covered(config, context);
        } catch (SopsSecretsFiles.ConfigProblem e) {
            throw new StepFailure(config + ": " + e.getMessage());
        } catch (IOException e) {
            throw new StepFailure(config + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            context.console()
                    .info("no sops-encrypted file is covered by the rules of " + config + "; nothing to update");
        }
        List<String> updated = new ArrayList<>();
        for (String file : files) {
            if (context.isCancelled()) {
                throw new StepFailure("cancelled after updating " + updated.size() + " of " + files.size() + " files");
            }
            context.console().info("sops updatekeys -y " + file);
            LocalCommand.Result result;
            try {
                result = LocalCommand.run(
                        sops, List.of("updatekeys", "-y", file), config.getParent(), environment, context);
            } catch (IOException e) {
                throw new StepFailure("could not run " + sops + ": " + e.getMessage());
            }
            if (result.exitCode() != 0) {
                String why = result.stderrTail().isEmpty()
                        ? ""
                        : ": " + result.stderrTail().get(result.stderrTail().size() - 1);
                throw new StepFailure("sops updatekeys " + file + " exited " + result.exitCode() + why
                        + (updated.isEmpty() ? "" : " (already updated: " + String.join(", ", updated) + ")"));
            }
            updated.add(file);
        }
        return new SopsUpdatekeysOutputs(List.copyOf(updated), updated.size());
    }

    private static Path config(SopsUpdatekeysParameters p, PlanContext context) {
        return context.localPath(p.directory())
                .resolve(p.file())
                .toAbsolutePath()
                .normalize();
    }
}
