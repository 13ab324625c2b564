package dev.nixboot.steps.sops;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** {@code sops.recipients}: a named age key in .sops.yaml and in the creation rules that need it, nothing else. */
public final class SopsRecipientsStep implements Step<SopsRecipientsParameters, SopsRecipientsOutputs> {

    @Override
    public String type() {
        return "sops.recipients";
    }

    @Override
    public String summary() {
        return "Add or replace a named age key in .sops.yaml and make the given creation rules list it";
    }

    @Override
    public Class<SopsRecipientsParameters> parameters() {
        return SopsRecipientsParameters.class;
    }

    @Override
    public Class<SopsRecipientsOutputs> outputs() {
        return SopsRecipientsOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: sops_host_key
                  type: sops.recipients
                  with:
                    file: ../nix-secrets/.sops.yaml
                    name: ${{ host }}
                    recipient: ${{ steps.host_age_key.outputs.recipient }}
                """;
    }

    @Override
    public StepPlan plan(SopsRecipientsParameters p, PlanContext context) {
        String rules = p.rules() != null
                ? String.join(", ", p.rules())
                : p.group() == SopsRecipientsParameters.KeyGroup.USERS
                        ? "every existing rule"
                        : "shared\\.yaml$, " + p.name() + "\\.yaml$";
        return StepPlan.of("set &" + p.name() + " " + p.recipient() + " under " + p.group() + " in " + file(p, context)
                + " and list it in the rules " + rules + " (no write when already so)");
    }

    @Override
    public SopsRecipientsOutputs execute(SopsRecipientsParameters p, StepContext context) throws StepFailure {
        Path file = file(p, context);
        String original;
        try {
            original = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new StepFailure(p.file() + ": cannot read: " + e.getMessage());
        }
        SopsConfigEditor.Result result;
        try {
            result = SopsConfigEditor.edit(
                    original,
                    new SopsConfigEditor.Request(
                            p.name(), p.recipient(), p.group().toString(), p.rules(), p.withKeys()));
        } catch (SopsConfigEditor.EditFailure e) {
            throw new StepFailure(
                    p.file() + (e.line() > 0 ? ":" + e.line() : "") + ": " + e.getMessage() + " (file unchanged)");
        }
        boolean changed = result.changed(original) || !Files.exists(file);
        if (changed) {
            write(file, result.text(), p);
        }
        List<String> notes = new ArrayList<>();
        notes.add("&" + p.name() + " " + result.entry());
        if (!result.rulesUpdated().isEmpty()) {
            notes.add("added to rules " + String.join(", ", result.rulesUpdated()));
        }
        if (!result.rulesCreated().isEmpty()) {
            notes.add("created rules " + String.join(", ", result.rulesCreated()));
        }
        context.console().info(p.file() + ": " + String.join("; ", notes) + (changed ? "" : " (file unchanged)"));
        for (String note : result.notes()) {
            context.console().info("notice: " + p.file() + ": " + note);
        }
        return new SopsRecipientsOutputs(
                changed, result.entry(), result.rulesUpdated(), result.rulesCreated(), result.notes());
    }

    private static void write(Path target, String text, SopsRecipientsParameters p) throws StepFailure {
        try {
            // A symlinked .sops.yaml stays a symlink: the file it points to is the one replaced.
            Path file = Files.exists(target) ? target.toRealPath() : target;
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            // Write beside it and move over it, so an interrupted run leaves the old file or the new one.
            Path temporary = Files.createTempFile(parent, ".sops.yaml-", ".tmp");
            try {
                Files.writeString(temporary, text, StandardCharsets.UTF_8);
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(file));
                }
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new StepFailure(p.file() + ": cannot write: " + e.getMessage());
        }
    }

    static Path file(SopsRecipientsParameters p, PlanContext context) {
        return context.localPath(p.file());
    }
}
