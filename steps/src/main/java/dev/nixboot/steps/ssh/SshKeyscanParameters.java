package dev.nixboot.steps.ssh;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.steps.ssh.client.ConnectionParameters;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/** Parameters of {@code ssh.keyscan}. */
public record SshKeyscanParameters(
        @NotBlank @Description("Host name, address or ~/.ssh/config alias") String host,
        @Min(1) @Max(65535) @Description("SSH port; default: ~/.ssh/config's Port, else 22") Integer port,
        @Pattern(regexp = ConnectionParameters.JUMP_HOST_PATTERN, message = ConnectionParameters.JUMP_HOST_MESSAGE)
                @Description(ConnectionParameters.JUMP_HOST) String jumpHost,
        @DefaultValue("ed25519") @Pattern(regexp = "ed25519|ecdsa|rsa", message = "must be ed25519, ecdsa or rsa")
                @Description("Key type to ask for: ed25519, ecdsa or rsa") String type,
        @DefaultValue("10s") @Description("How long the exchange up to the host's key may take, connecting included")
                Duration timeout) {

    public SshKeyscanParameters {
        type = type == null ? "ed25519" : type;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }
}
