package dev.nixboot.steps.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InteractionStepsTest {

    @Test
    void confirmAnswersYesUnderAssumeYes() {
        StepResult result = ThisProcess.testKit()
                .assumeYes()
                .execute(new ConfirmStep(), new ConfirmParameters("Erase gusto?", true));

        assertThat(result.outputs().get("answer")).isEqualTo(true);
    }

    @Test
    void decliningFailsTheStep() {
        StepResult result = ThisProcess.testKit()
                .answers("n")
                .execute(new ConfirmStep(), new ConfirmParameters("Erase gusto?", true));

        assertThat(result.failure()).isInstanceOf(StepFailure.class).hasMessage("declined");
    }

    @Test
    void decliningIsAnAnswerWhenAbortOnNoIsOff() {
        StepResult result = ThisProcess.testKit()
                .answers("no")
                .execute(new ConfirmStep(), new ConfirmParameters("Reboot now?", false));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.outputs().get("answer")).isEqualTo(false);
    }

    @Test
    void promptReturnsTheAnswer() {
        StepResult result = ThisProcess.testKit()
                .answers("/dev/nvme0n1")
                .execute(new PromptStep(), new PromptParameters("Disk", false, null));

        assertThat(result.outputs().get("value")).isEqualTo("/dev/nvme0n1");
    }

    @Test
    void promptFallsBackToTheDefaultOnAnEmptyAnswer() {
        StepResult result = ThisProcess.testKit()
                .answers("")
                .execute(new PromptStep(), new PromptParameters("Disk", false, "/dev/sda"));

        assertThat(result.outputs().get("value")).isEqualTo("/dev/sda");
    }

    @Test
    void aSecretAnswerIsMaskedInLaterOutput() {
        StepTestKit kit = ThisProcess.testKit().answers("correct horse");
        StepResult prompt = kit.execute(new PromptStep(), new PromptParameters("Passphrase", true, null));

        StepResult echo = kit.execute(
                new ExecStep(),
                ExecCall.script("echo \"got $PASS\"")
                        .withEnv(Map.of("PASS", (String) prompt.outputs().get("value")))
                        .parameters());

        assertThat(echo.text(StepResult.Stream.STDOUT)).isEqualTo("got ***");
    }

    @Test
    void aPlainAnswerIsNotSecret() {
        StepTestKit kit = ThisProcess.testKit().answers("/dev/vdb");
        StepResult prompt = kit.execute(new PromptStep(), new PromptParameters("Disk to install on", false, null));

        StepResult echo = kit.execute(
                new ExecStep(), ExecCall.argv("echo", "installing on /dev/vdb").parameters());

        assertThat(prompt.outputs().secret()).isEmpty();
        assertThat(echo.text(StepResult.Stream.STDOUT)).isEqualTo("installing on /dev/vdb");
    }

    @Test
    void planSaysWhatWouldBeAskedWithoutRevealingASecretDefault() {
        assertThat(ThisProcess.testKit()
                        .plan(new PromptStep(), new PromptParameters("Token", true, "t0k3n"))
                        .actions())
                .containsExactly("ask without echo: Token (default: ***)");
        assertThat(ThisProcess.testKit()
                        .plan(new ConfirmStep(), new ConfirmParameters("Erase gusto?", true))
                        .actions())
                .containsExactly("ask: Erase gusto? [y/N] (no fails the step)");
    }
}
