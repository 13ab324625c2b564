package dev.nixboot.steps.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepTestKit;
import org.junit.jupiter.api.Test;

/** The git steps' parameters as a playbook's with: mapping binds them, with the engine's real binder. */
class GitParametersTest {
    private final StepTestKit kit = ThisProcess.testKit();

    @Test
    void pullFastForwardsFromOriginByDefault() {
        GitPullParameters p = kit.parameters(new GitPullStep(), "directory: ../nix-secrets\n");
        assertThat(p.remote()).isEqualTo("origin");
        assertThat(p.mode()).isEqualTo(GitPullParameters.Mode.FF_ONLY);
    }

    @Test
    void pullRefusesAnUnknownMode() {
        assertThatThrownBy(() -> kit.parameters(new GitPullStep(), "directory: x\nmode: squash\n"))
                .hasMessageContaining("with.mode: 'squash' is not one of: ff-only, merge, rebase");
    }

    @Test
    void pushNeverForcesByDefault() {
        GitPushParameters p = kit.parameters(
                new GitPushStep(), "directory: x\nidentity_file: ~/.ssh/deploy\nknown_hosts: ~/.ssh/known_hosts\n");
        assertThat(p.force()).isFalse();
        assertThat(p.remote()).isEqualTo("origin");
        assertThat(p.sshRemote()).isEqualTo(new SshRemoteParameters("~/.ssh/deploy", "~/.ssh/known_hosts"));
    }

    @Test
    void commitNeedsAMessageAndTakesPaths() {
        GitCommitParameters p = kit.parameters(
                new GitCommitStep(), "directory: x\nmessage: add key\npaths: [.sops.yaml, hosts/gusto]\n");
        assertThat(p.paths()).containsExactly(".sops.yaml", "hosts/gusto");
        assertThatThrownBy(() -> kit.parameters(new GitCommitStep(), "directory: x\n"))
                .hasMessageContaining("missing required parameter 'message'");
    }
}
