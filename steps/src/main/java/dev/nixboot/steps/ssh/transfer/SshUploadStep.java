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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import net.schmizz.sshj.sftp.SFTPClient;

/** {@code ssh.upload}: copies a file, a directory tree or a text to a host over SFTP, with modes and owner. */
public final class SshUploadStep implements Step<SshUploadParameters, SshUploadOutputs> {

    @Override
    public String type() {
        return "ssh.upload";
    }

    @Override
    public String summary() {
        return "Copy a local file or directory (or a text) to a host over SFTP";
    }

    @Override
    public Class<SshUploadParameters> parameters() {
        return SshUploadParameters.class;
    }

    @Override
    public Class<SshUploadOutputs> outputs() {
        return SshUploadOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: age_key
                  type: ssh.upload
                  with:
                    host: 10.0.0.5
                    user: root
                    content: "${{ age_key }}"
                    destination: /mnt/persist/age/keys.txt
                    mode: "0600"
                """;
    }

    @Override
    public StepPlan plan(SshUploadParameters parameters, PlanContext context) {
        String what = parameters.content() != null
                ? "the given content"
                : context.workingDirectory()
                        .resolve(parameters.source())
                        .normalize()
                        .toString();
        return StepPlan.of("upload " + what + " to " + parameters.connection().host() + ":" + parameters.destination()
                + (parameters.mode() == null ? "" : " (mode " + parameters.mode() + ")")
                + (parameters.owner() == null ? "" : " owned by " + parameters.owner()));
    }

    @Override
    public SshUploadOutputs execute(SshUploadParameters parameters, StepContext context) throws Exception {
        boolean hasSource = parameters.source() != null && !parameters.source().isBlank();
        if (hasSource == (parameters.content() != null)) {
            throw new StepFailure(
                    "give either source (a local path) or content (a text), not " + (hasSource ? "both" : "neither"));
        }
        Path source = hasSource
                ? context.workingDirectory().resolve(parameters.source()).normalize()
                : null;
        if (source != null && !Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new StepFailure("source " + source + " does not exist");
        }
        Integer mode = Modes.parse(parameters.mode());
        Endpoint endpoint = Endpoints.resolve(parameters.connection(), context);
        SshConnection connection = SshConnections.of(context).connect(endpoint, context);
        String destination = parameters.destination();
        try (SFTPClient sftp = connection.sftp()) {
            if (parameters.parents()) {
                String parent = RemotePaths.parent(destination);
                if (parent != null && sftp.statExistence(parent) == null) {
                    sftp.mkdirs(parent);
                }
            }
            SftpCopier copier = new SftpCopier(sftp);
            if (source != null) {
                copier.upload(source, destination, mode);
            } else {
                copier.write(
                        new ByteArrayInputStream(parameters.content().getBytes(StandardCharsets.UTF_8)),
                        destination,
                        mode != null ? mode : 0600);
            }
            if (parameters.owner() != null && !parameters.owner().isBlank()) {
                RemoteShell.run(
                        connection,
                        "chown -R -- " + RemoteShell.quote(parameters.owner()) + " " + RemoteShell.quote(destination));
            }
            context.console()
                    .info("uploaded " + copier.files() + " file(s), " + copier.bytes() + " bytes to "
                            + endpoint.hostName() + ":" + destination);
            return new SshUploadOutputs(copier.files(), copier.bytes());
        } catch (IOException e) {
            throw new StepFailure(
                    "upload to " + endpoint.hostName() + ":" + destination + " failed: " + e.getMessage(), e);
        }
    }
}
