package dev.nixboot.steps.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepTestKit;
import org.junit.jupiter.api.Test;

/** The age steps' parameters as a playbook's with: mapping binds them, with the engine's real binder. */
class AgeParametersTest {
    private final StepTestKit kit = ThisProcess.testKit();

    @Test
    void keygenKeepsAnExistingFileByDefault() {
        assertThat(kit.parameters(new AgeKeygenStep(), "file: keys.txt\n").overwrite())
                .isFalse();
        assertThatThrownBy(() -> kit.parameters(new AgeKeygenStep(), "overwrite: true\n"))
                .hasMessageContaining("missing required parameter 'file'");
    }

    @Test
    void fromSshTakesMultiLineKeyText() {
        AgeFromSshParameters p = kit.parameters(new AgeFromSshStep(), "key: |\n  # banner\n  host ssh-ed25519 AAAA\n");
        assertThat(p.key()).isEqualTo("# banner\nhost ssh-ed25519 AAAA\n");
    }
}
