package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.StepFailure;
import java.util.Locale;
import java.util.Objects;
import org.eclipse.jgit.lib.Config;

/**
 * Whether and how git signs a commit in a repository, read from its config (repository, global, system) with the keys
 * and defaults git reads in {@code git_gpg_config} (git/git {@code gpg-interface.c:738-812}) and {@code commit.gpgsign}
 * ({@code builtin/commit.c:1684}).
 *
 * @param sign {@code commit.gpgsign}
 * @param format {@code gpg.format}: openpgp (the default), x509 or ssh
 * @param program the program that signs: {@code gpg.ssh.program}, {@code gpg.x509.program}, or for openpgp
 *     {@code gpg.openpgp.program} then {@code gpg.program}; by default ssh-keygen, gpgsm or gpg
 *     (gpg-interface.c:93-124)
 * @param signingKey {@code user.signingkey}; null when unset
 * @param sshDefaultKeyCommand {@code gpg.ssh.defaultKeyCommand}, asked for the key when ssh has no signingkey; null
 *     when unset
 */
record SigningConfig(boolean sign, Format format, String program, String signingKey, String sshDefaultKeyCommand) {
    /** The signature formats git knows, with the program each uses by default. */
    enum Format {
        OPENPGP("gpg"),
        X509("gpgsm"),
        SSH("ssh-keygen");

        final String defaultProgram;

        Format(String defaultProgram) {
            this.defaultProgram = defaultProgram;
        }

        String configValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    SigningConfig {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(program, "program");
    }

    /** Fails, as git does, on a value git refuses: a gpg.format it does not know, a commit.gpgsign that is no bool. */
    static SigningConfig read(Config config, String directory) throws StepFailure {
        boolean sign;
        try {
            sign = config.getBoolean("commit", "gpgsign", false);
        } catch (IllegalArgumentException e) {
            throw new StepFailure(directory + ": bad boolean config value '"
                    + config.getString("commit", null, "gpgsign") + "' for 'commit.gpgsign'");
        }
        String formatName = config.getString("gpg", null, "format");
        Format format = Format.OPENPGP;
        if (formatName != null) {
            format = switch (formatName) {
                case "openpgp" -> Format.OPENPGP;
                case "x509" -> Format.X509;
                case "ssh" -> Format.SSH;
                default ->
                    throw new StepFailure(directory + ": invalid value for 'gpg.format': '" + formatName
                            + "' (git knows openpgp, x509 and ssh)");
            };
        }
        String program = config.getString("gpg", format.configValue(), "program");
        if (program == null && format == Format.OPENPGP) {
            program = config.getString("gpg", null, "program");
        }
        return new SigningConfig(
                sign,
                format,
                program == null || program.isEmpty() ? format.defaultProgram : program,
                emptyToNull(config.getString("user", null, "signingkey")),
                emptyToNull(config.getString("gpg", "ssh", "defaultKeyCommand")));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
