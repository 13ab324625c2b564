package dev.nixboot.engine.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.fixture.EchoStep;
import dev.nixboot.engine.fixture.RecordStep;
import dev.nixboot.engine.spi.StepFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StepTestKitYamlTest {
    private final StepTestKit kit = ThisProcess.testKit().environment("TARGET", "gusto");

    @Test
    void executesWithParametersWrittenAsInAPlaybook() {
        StepResult result = kit.execute(new EchoStep(), "{message: hi, times: 2, loud: true}");
        assertThat(result.succeeded()).isTrue();
        assertThat(result.text(StepResult.Stream.STDOUT)).isEqualTo("HI\nHI");
    }

    @Test
    void appliesDefaultsAndResolvesTheEnvironment() {
        RecordStep.Parameters p = kit.parameters(new RecordStep(), "argv: [ssh, '${{ env.TARGET }}']");
        assertThat(p.argv()).containsExactly("ssh", "gusto");
        assertThat(p.port()).isEqualTo(22);
        assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.mode()).isEqualTo(RecordStep.Mode.FAST);
    }

    @Test
    void failsTheResultWithTheMessageARunWouldShow() {
        StepResult result = kit.execute(new EchoStep(), "message: hi\ntimes: 11");
        assertThat(result.succeeded()).isFalse();
        assertThat(result.failure()).isInstanceOf(StepFailure.class).hasMessage("with.times: must be at most 10");
    }

    @Test
    void refusesParametersThatDoNotBind() {
        assertThatThrownBy(() -> kit.parameters(new RecordStep(), "port: 0022\nflag: yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1:7: with.port: '0022' has a leading zero")
                .hasMessageContaining("2:7: with.flag: 'yes' is ambiguous in YAML: write true or false");
    }
}
