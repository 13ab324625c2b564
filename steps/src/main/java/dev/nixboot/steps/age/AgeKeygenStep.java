package dev.nixboot.steps.age;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code age.keygen}: what {@code age-keygen -o FILE} does, but keeps an existing file so re-runs change nothing. */
public final class AgeKeygenStep implements Step<AgeKeygenParameters, AgeKeygenOutputs> {

    @Override
    public String type() {
        return "age.keygen";
    }

    @Override
    public String summary() {
        return "Create an age identity file (0600) unless it exists, and output its public key";
    }

    @Override
    public Class<AgeKeygenParameters> parameters() {
        return AgeKeygenParameters.class;
    }

    @Override
    public Class<AgeKeygenOutputs> outputs() {
        return AgeKeygenOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: user_age_key
                  type: age.keygen
                  with:
                    file: ~/.config/sops/age/keys.txt
                """;
    }

    @Override
    public StepPlan plan(AgeKeygenParameters p, PlanContext context) {
        return StepPlan.of(
                p.overwrite()
                        ? "write a new age identity to " + p.file() + " (0600), replacing any existing one"
                        : "write a new age identity to " + p.file() + " (0600) unless it exists");
    }

    @Override
    public AgeKeygenOutputs execute(AgeKeygenParameters p, StepContext context) throws StepFailure {
        Path file = context.localPath(p.file()).toAbsolutePath();
        try {
            boolean created = false;
            String recipient;
            if (Files.exists(file) && !p.overwrite()) {
                recipient = AgeIdentityFile.recipientOf(file);
                context.console().info("kept existing identity " + file);
            } else {
                recipient = AgeIdentityFile.create(file);
                created = true;
                context.console().info("wrote new identity " + file);
            }
            context.console().info("age recipient " + recipient);
            return new AgeKeygenOutputs(recipient, file.toString(), created);
        } catch (IllegalArgumentException e) {
            throw new StepFailure(p.file() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new StepFailure(p.file() + ": " + e.getMessage());
        }
    }
}
