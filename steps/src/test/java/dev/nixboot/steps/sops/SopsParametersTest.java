package dev.nixboot.steps.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepTestKit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sops steps' parameters as a playbook's with: mapping binds them, with the engine's real binder. */
class SopsParametersTest {
    private final StepTestKit kit = ThisProcess.testKit();

    @Test
    void recipientsDefaultToTheHostsGroupOfDotSopsYaml() {
        SopsRecipientsParameters p = kit.parameters(
                new SopsRecipientsStep(), "name: gusto\nrecipient: " + SopsRecipientsStepTest.GUSTO + "\n");
        assertThat(p.file()).isEqualTo(".sops.yaml");
        assertThat(p.group()).isEqualTo(SopsRecipientsParameters.KeyGroup.HOSTS);
        assertThat(p.rules()).isNull();
        assertThat(p.withKeys()).isNull();
    }

    @Test
    void recipientsTakeRuleAndKeyLists() {
        SopsRecipientsParameters p = kit.parameters(
                new SopsRecipientsStep(),
                "name: ta_gusto\ngroup: users\nrecipient: " + SopsRecipientsStepTest.TA
                        + "\nrules: ['shared\\.yaml$', 'gusto\\.yaml$']\nwith_keys: [admin]\n");
        assertThat(p.rules()).containsExactly("shared\\.yaml$", "gusto\\.yaml$");
        assertThat(p.withKeys()).containsExactly("admin");
    }

    @Test
    void rejectsWhatIsNoAgeRecipientOrNoAnchorName() {
        assertThatThrownBy(
                        () -> kit.parameters(new SopsRecipientsStep(), "name: gus to\nrecipient: ssh-ed25519 AAAA\n"))
                .hasMessageContaining("with.name: must be letters, digits, _ or - (it becomes a YAML anchor)")
                .hasMessageContaining("with.recipient: must be an age recipient (age1...)");
        assertThatThrownBy(() -> kit.parameters(
                        new SopsRecipientsStep(),
                        "name: gusto\ngroup: admins\nrecipient: " + SopsRecipientsStepTest.GUSTO + "\n"))
                .hasMessageContaining("with.group: 'admins' is not one of: hosts, users");
    }

    @Test
    void updatekeysBindsDirectoryFilesAndEnvironment() {
        SopsUpdatekeysParameters p = kit.parameters(
                new SopsUpdatekeysStep(),
                "directory: ../nix-secrets\nfiles: [shared.yaml]\nenv: {SOPS_AGE_KEY_FILE: /keys.txt}\n");
        assertThat(p.file()).isEqualTo(".sops.yaml");
        assertThat(p.files()).isEqualTo(List.of("shared.yaml"));
        assertThat(p.env()).isEqualTo(Map.of("SOPS_AGE_KEY_FILE", "/keys.txt"));
        assertThat(kit.parameters(new SopsUpdatekeysStep(), "{}").directory()).isEqualTo(".");
    }
}
