package dev.nixboot.cli.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.engine.spi.StepFailure;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TerminalInteractionTest {

    /** A person typing the given lines; records what they were shown and whether echo was off. */
    private static final class Typist implements Terminal {
        final Deque<String> lines = new ArrayDeque<>();
        final List<String> shown = new ArrayList<>();

        Typist(String... typed) {
            lines.addAll(List.of(typed));
        }

        @Override
        public String readLine(String prompt) {
            shown.add(prompt);
            return lines.poll();
        }

        @Override
        public String readPassword(String prompt) {
            shown.add("(no echo) " + prompt);
            return lines.poll();
        }
    }

    @Test
    void withoutATerminalAConfirmationFailsAndSaysHowToAnswer() {
        TerminalInteraction interaction = new TerminalInteraction(false, Optional.empty());

        assertThatThrownBy(() -> interaction.confirm("Erase gusto?"))
                .isInstanceOf(StepFailure.class)
                .hasMessage("no terminal to ask 'Erase gusto?'; pass --yes to answer yes");
    }

    @Test
    void yesAnswersWithoutAsking() throws StepFailure {
        Typist typist = new Typist();
        TerminalInteraction interaction = new TerminalInteraction(true, Optional.of(typist));

        assertThat(interaction.confirm("Erase gusto?")).isTrue();
        assertThat(interaction.ask("Disk", false, "/dev/sda")).isEqualTo("/dev/sda");
        assertThat(typist.shown).isEmpty();
    }

    @Test
    void asksAgainUntilTheAnswerIsYesOrNo() throws StepFailure {
        Typist typist = new Typist("maybe", "YES");
        TerminalInteraction interaction = new TerminalInteraction(false, Optional.of(typist));

        assertThat(interaction.confirm("Erase gusto?")).isTrue();
        assertThat(typist.shown).containsExactly("Erase gusto? [y/N] ", "Please answer y or n. Erase gusto? [y/N] ");
    }

    @Test
    void enterMeansNo() throws StepFailure {
        assertThat(new TerminalInteraction(false, Optional.of(new Typist(""))).confirm("Erase?"))
                .isFalse();
    }

    @Test
    void endOfInputFailsInsteadOfHanging() {
        TerminalInteraction interaction = new TerminalInteraction(false, Optional.of(new Typist()));

        assertThatThrownBy(() -> interaction.confirm("Erase?")).hasMessage("no answer to 'Erase?': input ended");
    }

    @Test
    void secretAnswersAreReadWithoutEchoAndTheirDefaultIsNotShown() throws StepFailure {
        Typist typist = new Typist("");
        TerminalInteraction interaction = new TerminalInteraction(false, Optional.of(typist));

        assertThat(interaction.ask("Passphrase", true, "s3cret")).isEqualTo("s3cret");
        assertThat(typist.shown).containsExactly("(no echo) Passphrase: ");
    }

    @Test
    void withoutATerminalAQuestionWithoutDefaultFails() {
        TerminalInteraction interaction = new TerminalInteraction(false, Optional.empty());

        assertThatThrownBy(() -> interaction.ask("Disk", false, null))
                .hasMessage("no terminal to ask 'Disk'; run nixboot in a terminal or give the prompt a default");
    }
}
