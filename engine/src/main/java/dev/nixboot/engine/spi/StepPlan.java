package dev.nixboot.engine.spi;

import java.util.List;

/**
 * What a step would do, for dry runs: one line per action, such as the exact command line it would start
 * ({@code run: nixos-anywhere --flake nixos-installer#gusto ...}) or the file it would write. Secrets in these lines
 * are masked by the engine.
 */
public record StepPlan(List<String> actions) {
    public StepPlan {
        actions = List.copyOf(actions);
    }

    public static StepPlan of(String... actions) {
        return new StepPlan(List.of(actions));
    }
}
