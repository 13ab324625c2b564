package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.Description;
import jakarta.validation.constraints.NotBlank;
import java.util.List;

public record GitCommitParameters(
        @NotBlank @Description("The repository's working directory")
        String directory,

        @NotBlank @Description("The commit message") String message,

        @Description("Files or directories to commit, new files included; when left out, every change to tracked files")
        List<String> paths,

        @Description("Author name; default: user.name from git config (repository, then global)")
        String authorName,

        @Description("Author email; default: user.email from git config (repository, then global)")
        String authorEmail) {
    public GitCommitParameters {
        paths = paths == null ? List.of() : List.copyOf(paths);
    }
}
