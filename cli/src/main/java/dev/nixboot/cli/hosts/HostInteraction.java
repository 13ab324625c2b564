package dev.nixboot.cli.hosts;

import dev.nixboot.engine.spi.Interaction;
import dev.nixboot.engine.spi.StepFailure;

/**
 * Questions of one host's run among many: each names its host, and all go through one {@link TerminalInteraction},
 * which asks one at a time, so two hosts' prompts never interleave.
 */
record HostInteraction(String host, Interaction shared) implements Interaction {
    @Override
    public boolean confirm(String question) throws StepFailure {
        return shared.confirm(host + ": " + question);
    }

    @Override
    public String ask(String question, boolean secret, String defaultValue) throws StepFailure {
        return shared.ask(host + ": " + question, secret, defaultValue);
    }
}
