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

/** Parameters of {@code ssh.wait}. */
public record SshWaitParameters(
        @NotBlank @Description(ConnectionParameters.HOST) String host,

        @Min(1) @Max(65535) @Description(ConnectionParameters.PORT)
        Integer port,

        @Pattern(regexp = ConnectionParameters.JUMP_HOST_PATTERN, message = ConnectionParameters.JUMP_HOST_MESSAGE)
        @Description(ConnectionParameters.JUMP_HOST)
        String jumpHost,

        @Description("Wait until the host presents exactly this key, 'ssh-ed25519 AAAA...' (say, the host key"
                + " installed with it); empty for any key")
        String hostKey,

        @DefaultValue("ed25519") @Description("Key type to ask for when host_key is not given")
        HostKeyType type,

        @DefaultValue("10m") @Description("How long to wait in all, such as 15m")
        Duration timeout,

        @DefaultValue("2s") @Description("Pause between attempts, such as 2s")
        Duration interval) {}
