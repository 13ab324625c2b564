package dev.nixboot.cli.invocation;

import dev.nixboot.engine.spi.Interaction;
import dev.nixboot.engine.spi.StepFailure;
import java.util.Locale;
import java.util.Optional;

/**
 * Asks questions on the terminal, one at a time even when steps run in parallel. Under {@code --yes} it answers yes;
 * with no terminal it fails the step at once rather than waiting for input that cannot come.
 */
public final class TerminalInteraction implements Interaction {
    private final boolean assumeYes;
    private final Optional<Terminal> terminal;

    public TerminalInteraction(boolean assumeYes, Optional<Terminal> terminal) {
        this.assumeYes = assumeYes;
        this.terminal = terminal;
    }

    @Override
    public synchronized boolean confirm(String question) throws StepFailure {
        if (assumeYes) {
            return true;
        }
        Terminal person = terminal.orElseThrow(
                () -> new StepFailure("no terminal to ask '" + question + "'; pass --yes to answer yes"));
        String prompt = question + " [y/N] ";
        while (true) {
            String answer = person.readLine(prompt);
            if (answer == null) {
                throw new StepFailure("no answer to '" + question + "': input ended");
            }
            switch (answer.trim().toLowerCase(Locale.ROOT)) {
                case "y", "yes" -> {
                    return true;
                }
                case "", "n", "no" -> {
                    return false;
                }
                default -> prompt = "Please answer y or n. " + question + " [y/N] ";
            }
        }
    }

    @Override
    public synchronized String ask(String question, boolean secret, String defaultValue) throws StepFailure {
        if (assumeYes && defaultValue != null) {
            return defaultValue;
        }
        if (terminal.isEmpty()) {
            if (defaultValue != null) {
                return defaultValue;
            }
            throw new StepFailure("no terminal to ask '" + question + "'; run nixboot in a terminal"
                    + " or give the prompt a default");
        }
        String shownDefault = defaultValue == null || secret ? "" : " [" + defaultValue + "]";
        String prompt = question + shownDefault + ": ";
        String answer =
                secret ? terminal.get().readPassword(prompt) : terminal.get().readLine(prompt);
        if (answer == null) {
            throw new StepFailure("no answer to '" + question + "': input ended");
        }
        return answer.isEmpty() && defaultValue != null ? defaultValue : answer;
    }
}
