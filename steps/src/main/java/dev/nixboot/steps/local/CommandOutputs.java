package dev.nixboot.steps.local;

import dev.nixboot.engine.spi.Description;

/**
 * What {@code exec} and {@code ssh.exec} return. Not secret: whatever a command prints is only known when it runs, so a
 * secret nixboot already knows is masked in it as everywhere, but a secret it does not know (a key the command reads)
 * is not; take secrets from a step that declares them, such as {@code age.from-ssh} or a secret {@code prompt}.
 */
public record CommandOutputs(
        @Description("What the command wrote to standard output, without trailing newlines (as $(...) gives"
                + " it), at most 4 MiB")
        String stdout,

        @Description("What the command wrote to standard error, without trailing newlines, at most 4 MiB")
        String stderr,

        @Description("The exit code, one of ok_codes") int exitCode) {}
