package dev.nixboot.engine.run;

import dev.nixboot.engine.spi.Interaction;
import dev.nixboot.engine.spi.StepFailure;

/** One question at a time: steps in parallel branches must not interleave their prompts on one terminal. */
final class SerialInteraction implements Interaction {
    private final Interaction delegate;

    SerialInteraction(Interaction delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized boolean confirm(String question) throws StepFailure {
        return delegate.confirm(question);
    }

    @Override
    public synchronized String ask(String question, boolean secret, String defaultValue) throws StepFailure {
        return delegate.ask(question, secret, defaultValue);
    }
}
