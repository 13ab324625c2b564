package dev.nixboot.steps.ssh.sync;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import dev.nixboot.steps.ssh.client.Endpoint;
import dev.nixboot.steps.ssh.client.Endpoints;
import dev.nixboot.steps.ssh.client.SshConnection;
import dev.nixboot.steps.ssh.client.SshConnections;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * {@code ssh.sync}: makes a remote directory a copy of a local one, the way {@code rsync -a --delete
 * --filter=':- .gitignore' source/ host:destination} does. Only what differs is sent, decided by size and
 * modification time as rsync's default quick check does; symlinks, modes and times are kept.
 *
 * <p>The remote tree is listed by one {@code find} (see {@link RemoteTree}); deletions run as one {@code rm -rf}
 * fed on standard input, mode changes as one {@code chmod} batch; everything to send goes as one tar stream into
 * {@code tar -x} on the host, so the transfer costs no round trip per file.
 */
public final class SshSyncStep implements Step<SshSyncParameters, SshSyncOutputs> {

    @Override
    public String type() {
        return "ssh.sync";
    }

    @Override
    public String summary() {
        return "Mirror a local directory to a host (rsync -a --delete with .gitignore rules)";
    }

    @Override
    public Class<SshSyncParameters> parameters() {
        return SshSyncParameters.class;
    }

    @Override
    public Class<SshSyncOutputs> outputs() {
        return SshSyncOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: push_config
                  type: ssh.sync
                  with:
                    host: 10.0.0.5
                    user: root
                    source: .
                    destination: /mnt/etc/nixos/nix-config
                """;
    }

    @Override
    public StepPlan plan(SshSyncParameters parameters, PlanContext context) {
        return StepPlan.of("mirror "
                + context.workingDirectory().resolve(parameters.source()).normalize() + "/ to "
                + parameters.connection().host() + ":" + parameters.destination()
                + (parameters.delete() ? ", deleting extraneous files" : "")
                + (parameters.gitignore() ? ", .gitignore rules honoured" : ""));
    }

    @Override
    public SshSyncOutputs execute(SshSyncParameters parameters, StepContext context) throws Exception {
        Path source = context.workingDirectory().resolve(parameters.source()).normalize();
        if (!Files.isDirectory(source)) {
            throw new StepFailure("source " + source + " is not a directory");
        }
        String destination = parameters.destination().endsWith("/")
                        && parameters.destination().length() > 1
                ? parameters.destination().substring(0, parameters.destination().length() - 1)
                : parameters.destination();
        GitIgnores ignores = new GitIgnores(source, parameters.gitignore());
        // The local walk and the remote listing do not depend on each other: run them side by side.
        CompletableFuture<LocalTree> scanning = CompletableFuture.supplyAsync(() -> {
            try {
                return LocalTree.scan(source, ignores);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
        Endpoint endpoint = Endpoints.resolve(parameters.connection(), context);
        SshConnection connection = SshConnections.of(context).connect(endpoint, context);
        try {
            RemoteTree remote = RemoteTree.list(connection, destination);
            LocalTree local = join(scanning, source);
            SyncPlan plan = SyncPlan.of(local, remote.entries(), ignores, parameters.delete());
            if (!plan.deletions().isEmpty()) {
                delete(connection, destination, plan.deletions());
            }
            long sentBytes = plan.sends().isEmpty() ? 0 : send(connection, destination, local, plan.sends());
            if (!plan.modeChanges().isEmpty()) {
                chmod(connection, destination, local, plan.modeChanges());
            }
            context.console()
                    .info("sent " + plan.sends().size() + " (" + sentBytes + " bytes), deleted "
                            + plan.deletions().size() + ", mode changed "
                            + plan.modeChanges().size() + ", unchanged "
                            + plan.unchanged());
            return new SshSyncOutputs(
                    plan.sends().size(), sentBytes, plan.deletions().size(), plan.unchanged());
        } catch (IOException e) {
            throw new StepFailure(
                    "sync to " + endpoint.hostName() + ":" + destination + " failed: " + e.getMessage(), e);
        }
    }

    private static LocalTree join(CompletableFuture<LocalTree> scanning, Path source) throws StepFailure {
        try {
            return scanning.join();
        } catch (CompletionException e) {
            throw new StepFailure("cannot read " + source + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void delete(SshConnection connection, String destination, List<String> paths)
            throws StepFailure, IOException {
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        for (String path : paths) {
            names.writeBytes(path.getBytes(StandardCharsets.UTF_8));
            names.write(0);
        }
        run(connection, "cd " + quote(destination) + " && xargs -0 rm -rf --", out -> names.writeTo(out));
    }

    /** Sets the modes of files whose content is current, all with one command: {@code chmod MODE ./PATH} pairs. */
    private static void chmod(SshConnection connection, String destination, LocalTree local, List<String> paths)
            throws StepFailure, IOException {
        ByteArrayOutputStream pairs = new ByteArrayOutputStream();
        for (String path : paths) {
            String mode = Integer.toOctalString(local.entries().get(path).mode());
            pairs.writeBytes(mode.getBytes(StandardCharsets.US_ASCII));
            pairs.write(0);
            pairs.writeBytes(("./" + path).getBytes(StandardCharsets.UTF_8));
            pairs.write(0);
        }
        run(connection, "cd " + quote(destination) + " && xargs -0 -n 2 chmod", out -> pairs.writeTo(out));
    }

    private static long send(SshConnection connection, String destination, LocalTree local, List<String> paths)
            throws StepFailure, IOException {
        long[] bytes = new long[1];
        run(connection, "mkdir -p -- " + quote(destination) + " && tar -x -p -f - -C " + quote(destination), out -> {
            Map<Long, TarWriter.Owner> owners = new HashMap<>();
            try (TarWriter tar = new TarWriter(new BufferedOutputStream(out, 256 * 1024))) {
                for (String path : paths) {
                    Entry entry = local.entries().get(path);
                    PosixFileAttributes attributes = local.attributes(path);
                    TarWriter.Owner owner = owner(local, path, owners);
                    String name = path.isEmpty() ? "." : "./" + path;
                    switch (entry.type()) {
                        case DIRECTORY -> tar.directory(name, entry.mode(), entry.modified(), owner);
                        case SYMLINK -> tar.symlink(name, entry.target(), entry.modified(), owner);
                        case FILE -> {
                            try (InputStream in = Files.newInputStream(local.file(path))) {
                                tar.file(name, entry.mode(), entry.size(), entry.modified(), owner, in);
                            }
                        }
                    }
                }
                bytes[0] = tar.bytesWritten();
            }
        });
        return bytes[0];
    }

    /**
     * The owner tar records for a path. User and group names are looked up once per distinct pair: each lookup is a
     * getpwuid/getgrgid through NSS, twice per file otherwise (~25 us each here, more with a directory service).
     */
    private static TarWriter.Owner owner(LocalTree local, String path, Map<Long, TarWriter.Owner> owners)
            throws IOException {
        Map<String, Object> ids = Files.readAttributes(local.file(path), "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) ids.get("uid");
        int gid = (Integer) ids.get("gid");
        TarWriter.Owner owner = owners.get(((long) uid << 32) | (gid & 0xffffffffL));
        if (owner == null) {
            PosixFileAttributes attributes = local.attributes(path);
            owner = new TarWriter.Owner(
                    uid, gid, attributes.owner().getName(), attributes.group().getName());
            owners.put(((long) uid << 32) | (gid & 0xffffffffL), owner);
        }
        return owner;
    }

    private interface Input {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Runs a helper command fed by {@code input}; fails with its error output unless it exits 0. */
    private static void run(SshConnection connection, String command, Input input) throws StepFailure, IOException {
        try (Session session = connection.session()) {
            Session.Command running = session.exec(command);
            CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> {
                try {
                    return running.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return running.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            try (OutputStream out = running.getOutputStream()) {
                input.writeTo(out);
            }
            running.join(10, TimeUnit.MINUTES);
            Integer exit = running.getExitStatus();
            if (exit == null || exit != 0) {
                String err = new String(errors.join(), StandardCharsets.UTF_8).strip();
                throw new StepFailure(
                        "'" + command + "' failed on the host (exit " + exit + ")" + (err.isEmpty() ? "" : ": " + err));
            }
            output.join();
        }
    }

    private static String quote(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }
}
