package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * {@code git.signing-check}: whether git.commit will be able to sign in a repository, found out before anything
 * else happens (a bootstrap checks it before it erases a disk). When {@code commit.gpgsign} is on, it signs a probe
 * exactly as git.commit would sign a commit: same config, program, key, agent and environment. A missing key, agent
 * or program fails here with the reason, not after the install.
 */
public final class GitSigningCheckStep implements Step<GitSigningCheckParameters, GitSigningCheckOutputs> {
    private static final byte[] PROBE = "nixboot: can commits be signed here?\n".getBytes(StandardCharsets.UTF_8);

    @Override
    public String type() {
        return "git.signing-check";
    }

    @Override
    public String summary() {
        return "Check that git.commit can sign in a repository (when commit.gpgsign asks it to) by signing a probe";
    }

    @Override
    public Class<GitSigningCheckParameters> parameters() {
        return GitSigningCheckParameters.class;
    }

    @Override
    public Class<GitSigningCheckOutputs> outputs() {
        return GitSigningCheckOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: secrets_signing
                  type: git.signing-check
                  needs: []
                  with:
                    directory: ../nix-secrets
                """;
    }

    @Override
    public StepPlan plan(GitSigningCheckParameters p, PlanContext context) {
        return StepPlan.of("check that commits in " + context.localPath(p.directory()) + " can be signed as "
                + "git would sign them (commit.gpgsign, gpg.format, user.signingkey): sign a probe, commit nothing");
    }

    @Override
    public GitSigningCheckOutputs execute(GitSigningCheckParameters p, StepContext context) throws StepFailure {
        try (Git git = Repositories.open(p.directory(), context)) {
            Repository repository = git.getRepository();
            SigningConfig signing = SigningConfig.read(repository.getConfig(), p.directory());
            if (!signing.sign()) {
                context.console().info("commits in " + p.directory() + " are not signed (commit.gpgsign is not set)");
                return new GitSigningCheckOutputs(false, "", "");
            }
            PersonIdent committer = GitCommitStep.author(repository, p.authorName(), p.authorEmail(), context);
            CommitSigner signer = new CommitSigner(signing, Repositories.top(repository), context);
            String key;
            try {
                key = signer.key(committer);
                signer.sign(PROBE, committer);
            } catch (StepFailure e) {
                throw new StepFailure(p.directory() + ": commits cannot be signed: " + e.getMessage(), e);
            }
            context.console()
                    .info("commits in " + p.directory() + " can be signed: "
                            + signing.format().configValue() + " key " + key + " with " + signing.program());
            return new GitSigningCheckOutputs(true, signing.format().configValue(), key);
        }
    }
}
