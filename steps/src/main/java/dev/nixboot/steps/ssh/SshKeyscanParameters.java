package dev.nixboot.steps.ssh;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/** Parameters of {@code ssh.keyscan}. */
@Description("Fetches a host's public key without trusting it")
public record SshKeyscanParameters(
        @NotBlank @Description("Host name or address") String host,
        @DefaultValue("22") @Min(1) @Max(65535) @Description("SSH port") int port,
        @DefaultValue("ed25519") @Pattern(regexp = "ed25519|ecdsa|rsa", message = "must be ed25519, ecdsa or rsa")
                @Description("Key type to ask for: ed25519, ecdsa or rsa") String type,
        @DefaultValue("10s") @Description("How long to wait for the host") Duration timeout) {

    public SshKeyscanParameters {
        type = type == null ? "ed25519" : type;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }
}
