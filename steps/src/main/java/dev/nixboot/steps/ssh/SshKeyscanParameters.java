package dev.nixboot.steps.ssh;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.steps.ssh.client.ConnectionParameters;
import dev.nixboot.steps.ssh.client.HostKeyType;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/** Parameters of {@code ssh.keyscan}. */
public record SshKeyscanParameters(
        @NotBlank @Description(ConnectionParameters.HOST) String host,

        @Min(1) @Max(65535) @Description(ConnectionParameters.PORT)
        Integer port,

        @Pattern(regexp = ConnectionParameters.JUMP_HOST_PATTERN, message = ConnectionParameters.JUMP_HOST_MESSAGE)
        @Description(ConnectionParameters.JUMP_HOST)
        String jumpHost,

        @DefaultValue("ed25519") @Description("Key type to ask for")
        HostKeyType type,

        @DefaultValue("10s") @Description("How long the exchange up to the host's key may take, connecting included")
        Duration timeout) {}
