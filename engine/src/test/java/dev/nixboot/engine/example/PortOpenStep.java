package dev.nixboot.engine.example;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.Outputs;
import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** The step src/docs/writing-steps.md shows, kept here so the example is compiled and tested. */
public final class PortOpenStep implements Step<PortOpenStep.Parameters, PortOpenStep.Outputs> {

    public record Parameters(
            @NotBlank @Description("Host to check") String host,

            @Min(1) @Max(65535) @DefaultValue("80") @Description("TCP port")
            int port,

            @Min(1) @DefaultValue("2000") @Description("Connect timeout in milliseconds")
            int timeoutMillis) {}

    public record Outputs(
            @Description("The address that answered") String address) {}

    @Override
    public String type() {
        return "example.port-open";
    }

    @Override
    public String summary() {
        return "Check that a TCP port accepts connections";
    }

    @Override
    public Class<Parameters> parameters() {
        return Parameters.class;
    }

    @Override
    public Class<Outputs> outputs() {
        return Outputs.class;
    }

    @Override
    public StepPlan plan(Parameters p, PlanContext context) {
        return StepPlan.of("connect to " + p.host() + ":" + p.port());
    }

    @Override
    public Outputs execute(Parameters p, StepContext context) throws StepFailure {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(p.host(), p.port()), p.timeoutMillis());
            context.console().info("connected to " + socket.getRemoteSocketAddress());
            return new Outputs(socket.getInetAddress().getHostAddress());
        } catch (IOException e) {
            throw new StepFailure(p.host() + ":" + p.port() + " does not accept connections: " + e.getMessage());
        }
    }
}
