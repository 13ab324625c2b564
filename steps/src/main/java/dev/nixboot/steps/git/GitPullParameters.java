package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.Unwrapped;
import jakarta.validation.constraints.NotBlank;
import java.util.Locale;

public record GitPullParameters(
        @NotBlank @Description("The repository's working directory")
        String directory,

        @DefaultValue("origin") @Description("The remote to pull from")
        String remote,

        @Description("The remote branch; default: the current branch's upstream, else a branch of the same name")
        String branch,

        @DefaultValue("ff-only")
        @Description("ff-only refuses diverged histories; merge creates a merge commit; rebase replays local commits")
        Mode mode,

        @Unwrapped SshRemoteParameters sshRemote) {

    /** How the remote branch's commits join the local ones. */
    public enum Mode {
        FF_ONLY,
        MERGE,
        REBASE;

        /** As playbooks and git's own options spell it: ff-only. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
