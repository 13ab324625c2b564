package dev.nixboot.steps.age;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code age.from-ssh}: what {@code ssh-to-age} does, for public and private ed25519 keys. */
public final class AgeFromSshStep implements Step<AgeFromSshParameters, AgeFromSshOutputs> {

    @Override
    public String type() {
        return "age.from-ssh";
    }

    @Override
    public String summary() {
        return "Derive the age recipient (and identity, from a private key) of an ssh-ed25519 key";
    }

    @Override
    public Class<AgeFromSshParameters> parameters() {
        return AgeFromSshParameters.class;
    }

    @Override
    public Class<AgeFromSshOutputs> outputs() {
        return AgeFromSshOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: host_age_key
                  type: age.from-ssh
                  with:
                    key: ${{ steps.read_host_key.outputs.stdout }}
                """;
    }

    @Override
    public StepPlan plan(AgeFromSshParameters p, PlanContext context) {
        String source = p.file() != null ? "file " + p.file() : "the given key text";
        return StepPlan.of("derive age keys from the ssh-ed25519 keys in " + source);
    }

    @Override
    public AgeFromSshOutputs execute(AgeFromSshParameters p, StepContext context) throws StepFailure {
        String source = p.file() != null ? p.file() : "key";
        String text = read(p, context);
        SshKeys.Found found;
        try {
            found = SshKeys.read(text);
        } catch (IllegalArgumentException e) {
            throw new StepFailure(source + ": " + e.getMessage());
        }
        Map<String, Boolean> recipients = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        String identity = null;
        for (String block : found.privateBlocks()) {
            OpenSshPrivateKey.Key key = readPrivate(block, p, source, context);
            if (!SshKeys.ED25519.equals(key.type())) {
                skip(context, skipped, key.type(), "private key in " + source);
                continue;
            }
            try {
                if (identity == null) {
                    identity = AgeKeys.identityFromEd25519Seed(key.seed());
                    context.addSecret(identity);
                }
                recipients.put(AgeKeys.recipientFromEd25519(key.publicKey()), true);
            } finally {
                Arrays.fill(key.seed(), (byte) 0);
            }
        }
        for (SshKeys.PublicKey key : found.publicKeys()) {
            if (!SshKeys.ED25519.equals(key.type())) {
                skip(context, skipped, key.type(), key.label());
                continue;
            }
            try {
                recipients.put(AgeKeys.recipientFromEd25519(key.key()), true);
            } catch (IllegalArgumentException e) {
                throw new StepFailure(source + ": " + key.label() + ": " + e.getMessage());
            }
        }
        if (recipients.isEmpty()) {
            throw new StepFailure(source + ": no ssh-ed25519 key found"
                    + (skipped.isEmpty() ? "" : " (skipped: " + String.join(", ", skipped) + ")")
                    + "; age keys can only be derived from ed25519 keys");
        }
        List<String> all = List.copyOf(recipients.keySet());
        context.console().info("age recipient " + all.get(0));
        return new AgeFromSshOutputs(all.get(0), all, List.copyOf(skipped), identity);
    }

    private static void skip(StepContext context, List<String> skipped, String type, String label) {
        skipped.add(type);
        context.console().info("skipped " + type + " key (" + label + "): only ssh-ed25519 keys convert to age");
    }

    private static String read(AgeFromSshParameters p, StepContext context) throws StepFailure {
        boolean hasKey = p.key() != null && !p.key().isBlank();
        boolean hasFile = p.file() != null && !p.file().isBlank();
        if (hasKey == hasFile) {
            throw new StepFailure("give exactly one of `key` (the key text) or `file` (a file holding it)");
        }
        if (hasKey) {
            return p.key();
        }
        Path path = context.localPath(p.file());
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new StepFailure(p.file() + ": no such file");
        } catch (IOException e) {
            throw new StepFailure(p.file() + ": cannot read: " + e.getMessage());
        }
    }

    private static OpenSshPrivateKey.Key readPrivate(
            String block, AgeFromSshParameters p, String source, StepContext context) throws StepFailure {
        try {
            return OpenSshPrivateKey.read(
                    block,
                    () -> p.passphrase() != null
                            ? p.passphrase().toCharArray()
                            : context.interaction()
                                    .ask("Passphrase for the private key in " + source, true, null)
                                    .toCharArray());
        } catch (StepFailure e) {
            throw e;
        } catch (Exception e) {
            throw new StepFailure(source + ": " + e.getMessage());
        }
    }
}
