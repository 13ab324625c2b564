package dev.nixboot.engine.run;

import dev.nixboot.engine.spi.Interaction;
import dev.nixboot.engine.spi.StepFailure;

/** Used when the front end gave no way to ask: a question fails the step rather than hang. */
final class NoInteraction implements Interaction {
    @Override
    public boolean confirm(String question) throws StepFailure {
        throw new StepFailure("cannot ask '" + question + "': no terminal; answer with --yes");
    }

    @Override
    public String ask(String question, boolean secret, String defaultValue) throws StepFailure {
        if (defaultValue != null) {
            return defaultValue;
        }
        throw new StepFailure("cannot ask '" + question + "': no terminal and no default");
    }
}
