package dev.nixboot.engine.run;

import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.secrets.SecretMask;
import dev.nixboot.engine.spi.Interaction;
import dev.nixboot.engine.state.RunDirectory;
import java.nio.file.Path;
import java.util.Map;

/** What every step context of one run shares. */
record RunEnvironment(
        Path playbookDirectory,
        Path workingDirectory,
        RunDirectory runDirectory,
        Map<String, String> variables,
        Path home,
        SecretMask mask,
        RunListener listener,
        Interaction interaction,
        SharedResources shared) {}
