package dev.nixboot.steps.sops;

import dev.nixboot.engine.spi.StepContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The secrets files a {@code .sops.yaml} covers: files under its directory whose path relative to it matches a
 * creation rule's {@code path_regex} (as sops matches them) and that sops has encrypted. Unencrypted files that a rule
 * matches are left alone: {@code sops updatekeys} would refuse them.
 */
final class SopsSecretsFiles {
    // Every value sops encrypts, and its MAC, is written ENC[AES256_GCM,...] in all of its file formats.
    private static final String ENCRYPTED_MARK = "ENC[AES256_GCM,";

    /** The config cannot be read as sops would. */
    static final class ConfigProblem extends Exception {
        private static final long serialVersionUID = 1L;

        ConfigProblem(String message) {
            super(message);
        }
    }

    private SopsSecretsFiles() {}

    static List<String> covered(Path config, StepContext context) throws IOException, ConfigProblem {
        List<Pattern> rules = rules(config);
        Path root = config.getParent();
        List<String> covered = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(f -> !root.relativize(f).toString().startsWith(".git/") && !f.equals(config))
                    .sorted()
                    .toList();
            for (Path file : files) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                if (rules.stream().noneMatch(rule -> rule.matcher(relative).find())) {
                    continue;
                }
                if (isEncrypted(file)) {
                    covered.add(relative);
                } else {
                    context.console().info("skipped " + relative + ": a rule covers it, but sops has not encrypted it");
                }
            }
        }
        return covered;
    }

    private static List<Pattern> rules(Path config) throws IOException, ConfigProblem {
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(config));
        } catch (NoSuchFileException e) {
            throw new ConfigProblem("no such file");
        } catch (RuntimeException e) {
            throw new ConfigProblem("not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        if (!(loaded instanceof Map<?, ?> map) || !(map.get("creation_rules") instanceof List<?> rules)) {
            throw new ConfigProblem("has no creation_rules list");
        }
        List<Pattern> patterns = new ArrayList<>();
        for (Object rule : rules) {
            if (!(rule instanceof Map<?, ?> r)) {
                throw new ConfigProblem("a creation rule is not a mapping");
            }
            Object regex = r.get("path_regex");
            try {
                // a rule without path_regex matches every file, as in sops
                patterns.add(Pattern.compile(regex == null ? "" : String.valueOf(regex)));
            } catch (PatternSyntaxException e) {
                throw new ConfigProblem("path_regex " + regex + " is not a valid regular expression");
            }
        }
        return patterns;
    }

    private static boolean isEncrypted(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return new String(bytes, StandardCharsets.ISO_8859_1).contains(ENCRYPTED_MARK);
    }
}
