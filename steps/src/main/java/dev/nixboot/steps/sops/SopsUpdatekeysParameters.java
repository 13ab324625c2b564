package dev.nixboot.steps.sops;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import java.util.List;
import java.util.Map;

public record SopsUpdatekeysParameters(
        @DefaultValue(".")
        @Description("The secrets repository: where the sops config is, and where secrets files are looked for")
        String directory,

        @DefaultValue(".sops.yaml")
        @Description("The sops config, relative to directory; the files its creation rules cover are updated")
        String file,

        @Description("Only these secrets files (relative to the config's directory) instead of every covered one")
        List<String> files,

        @Description("Extra environment for sops, e.g. SOPS_AGE_KEY_FILE: an identity that can decrypt the files")
        Map<String, String> env) {
    public SopsUpdatekeysParameters {
        files = files == null ? null : List.copyOf(files);
        env = env == null ? Map.of() : Map.copyOf(env);
    }
}
