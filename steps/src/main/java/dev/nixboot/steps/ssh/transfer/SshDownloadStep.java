package dev.nixboot.steps.ssh.transfer;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import dev.nixboot.steps.ssh.client.Endpoint;
import dev.nixboot.steps.ssh.client.Endpoints;
import dev.nixboot.steps.ssh.client.SshConnection;
import dev.nixboot.steps.ssh.client.SshConnections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.schmizz.sshj.sftp.SFTPClient;

/** {@code ssh.download}: copies a remote file or directory tree here over SFTP, keeping modes and symlinks. */
public final class SshDownloadStep implements Step<SshDownloadParameters, SshDownloadOutputs> {

    @Override
    public String type() {
        return "ssh.download";
    }

    @Override
    public String summary() {
        return "Copy a remote file or directory to this machine over SFTP";
    }

    @Override
    public Class<SshDownloadParameters> parameters() {
        return SshDownloadParameters.class;
    }

    @Override
    public Class<SshDownloadOutputs> outputs() {
        return SshDownloadOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: hardware_config
                  type: ssh.download
                  with:
                    host: 10.0.0.5
                    user: root
                    source: /mnt/etc/nixos/hardware-configuration.nix
                    destination: hosts/gusto/hardware-configuration.nix
                """;
    }

    @Override
    public StepPlan plan(SshDownloadParameters parameters, PlanContext context) {
        return StepPlan.of("download " + parameters.connection().host() + ":" + parameters.source() + " to "
                + context.workingDirectory().resolve(parameters.destination()).normalize()
                + (parameters.mode() == null ? "" : " (mode " + parameters.mode() + ")"));
    }

    @Override
    public SshDownloadOutputs execute(SshDownloadParameters parameters, StepContext context) throws Exception {
        Path destination =
                context.workingDirectory().resolve(parameters.destination()).normalize();
        Path parent = destination.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            if (!parameters.parents()) {
                throw new StepFailure("directory " + parent + " does not exist (set parents: true to create it)");
            }
            Files.createDirectories(parent);
        }
        Endpoint endpoint = Endpoints.resolve(parameters.connection(), context);
        SshConnection connection = SshConnections.of(context).connect(endpoint, context);
        try (SFTPClient sftp = connection.sftp()) {
            SftpCopier copier = new SftpCopier(sftp);
            copier.download(parameters.source(), destination, Modes.parse(parameters.mode()));
            context.console()
                    .info("downloaded " + copier.files() + " file(s), " + copier.bytes() + " bytes to " + destination);
            return new SshDownloadOutputs(destination.toString(), copier.files(), copier.bytes());
        } catch (IOException e) {
            throw new StepFailure(
                    "download of " + endpoint.hostName() + ":" + parameters.source() + " failed: " + e.getMessage(), e);
        }
    }
}
