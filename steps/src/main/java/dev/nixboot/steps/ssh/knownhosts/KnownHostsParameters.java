package dev.nixboot.steps.ssh.knownhosts;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Locale;

/** Parameters of {@code ssh.known-hosts}. */
public record KnownHostsParameters(
        @NotEmpty
        @Description(
                "The host's names and addresses, as steps connect to it (each gets its own entry;" + " no patterns)")
        List<@NotBlank @Pattern(regexp = HostName.PATTERN, message = HostName.MESSAGE) String> hosts,

        @DefaultValue("22")
        @Min(1)
        @Max(65535)
        @Description("SSH port; entries for other ports than 22 are written" + " [host]:port, as ssh looks them up")
        int port,

        @DefaultValue("replace")
        @Description("add: trust key besides the host's other keys; replace: make key the"
                + " host's only trusted key; remove: forget the host")
        Action action,

        @Description("The public key line, 'ssh-ed25519 AAAA... [comment]' (from ssh.keyscan, ssh.wait or"
                + " ssh.keygen); the comment is written too")
        String key,

        @Description("A .pub file holding the key, instead of key")
        String keyFile,

        @DefaultValue("~/.ssh/known_hosts") @Description("The known_hosts file to edit")
        String file,

        @DefaultValue("false") @Description("Write the host name hashed (|1|...), as HashKnownHosts does")
        boolean hashed) {

    public KnownHostsParameters {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }

    /** What to do with the host's entries. */
    public enum Action {
        ADD,
        REPLACE,
        REMOVE;

        /** As playbooks spell it. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
