package dev.nixboot.steps.ssh.pinned;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import dev.nixboot.steps.ssh.knownhosts.HostKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ssh.pinned-proxy}: makes nixos-anywhere reach the target only through a connection that accepts the host key
 * the user confirmed. nixos-anywhere starts every ssh with {@code -o UserKnownHostsFile=/dev/null -o
 * StrictHostKeyChecking=no} ({@code src/nixos-anywhere.sh}:70 at 91fc9b7) and ssh keeps the first value of an option,
 * so a later {@code --ssh-option UserKnownHostsFile=...} is ignored; ProxyCommand has no earlier value there, so it
 * takes effect. Its ssh, ssh-copy-id, nix copy (NIX_SSHOPTS, :491) and the tar of {@code --extra-files} (:878) all
 * take the same arguments, so all of them go through the pinned connection. After kexec the same pin holds: the
 * nixos-images kexec installer (27bfc9d, the one nixos-anywhere 91fc9b7 pins) packs the replaced system's
 * {@code /etc/ssh/ssh_host_*} into its initrd ({@code nix/kexec-installer/kexec-run.sh}:65-68) and installs them as
 * its own host keys ({@code nix/restore-remote-access.nix}:22); its own VM test checks that the ed25519 key is the
 * same after kexec ({@code nix/kexec-installer/test.nix}:129, 173-174). Its sshd loads NixOS's default host keys,
 * ed25519 and rsa (it sets no {@code services.openssh.hostKeys}).
 *
 * <p>Why a ProxyCommand running OpenSSH's own strict {@code ssh -W} rather than a tunnel nixboot keeps open over its
 * SSHJ connection: each of nixos-anywhere's connections (and the ones after kexec and after the target rebooted) gets
 * a fresh, independently verified one without anything having to outlive a step; OpenSSH does the verification with
 * the user's own ssh setup (ProxyJump, agent); and nothing listens on a local port that other users could reach.
 */
public final class PinnedProxyStep implements Step<PinnedProxyParameters, PinnedProxyOutputs> {
    private static final String KNOWN_HOSTS = "known_hosts";

    @Override
    public String type() {
        return "ssh.pinned-proxy";
    }

    @Override
    public String summary() {
        return "Make nixos-anywhere's SSH connections accept only a pinned host key (a strict ssh -W ProxyCommand)";
    }

    @Override
    public Class<PinnedProxyParameters> parameters() {
        return PinnedProxyParameters.class;
    }

    @Override
    public Class<PinnedProxyOutputs> outputs() {
        return PinnedProxyOutputs.class;
    }

    /** Its files live in the run directory, so a resumed run makes them again. */
    @Override
    public boolean outputsOutliveRun() {
        return false;
    }

    @Override
    public String example() {
        return """
                - id: pinned_ssh
                  type: ssh.pinned-proxy
                  with:
                    host: 10.0.0.5
                    host_key: "${{ steps.scan.outputs.key }}"
                - id: install
                  type: exec
                  with:
                    script: >-
                      nixos-anywhere --ssh-option ${{ steps.pinned_ssh.outputs.ssh_option }}
                      --flake .#gusto --extra-files keys/gusto root@10.0.0.5
                """;
    }

    @Override
    public StepPlan plan(PinnedProxyParameters parameters, PlanContext context) {
        Path directory = ProxyDirectory.of(context.runDirectory(), context.stepId());
        List<Route> routes = Route.of(parameters);
        Route first = routes.get(0);
        List<String> actions = new ArrayList<>();
        actions.add("write " + directory.resolve(KNOWN_HOSTS) + " (0600) holding only the pinned host key "
                + describe(parameters.hostKey()));
        for (Route route : routes) {
            actions.add("write " + directory.resolve(route.name()) + " (0700): ssh -W "
                    + (parameters.forwardTo().contains(":")
                            ? parameters.forwardTo()
                            : parameters.forwardTo() + ":" + route.port())
                    + " as " + route.user() + "@" + parameters.host() + ":" + route.port()
                    + ", accepting only that key (no other known_hosts, no DNS, no shared connection, no key updates)"
                    + (routes.size() == 1
                            ? ", before and after kexec"
                            : route.equals(first) ? "" : ", the way in after kexec"));
        }
        actions.add("check with ssh -G that those settings hold whatever ~/.ssh/config says, then that "
                + where(first, parameters.host()) + " presents the pinned key, lets " + first.user()
                + " in and forwards to its own sshd");
        actions.add("output ssh_option ProxyCommand=" + directory + "/%r@%p for nixos-anywhere's --ssh-option");
        actions.add(
                "protected: all nixos-anywhere sends over SSH (--extra-files such as the host's private key,"
                        + " --disk-encryption-keys, nix copy) reaches only a host holding the pinned key, before and after"
                        + " kexec: the kexec installer keeps the replaced system's /etc/ssh/ssh_host_* keys"
                        + " (nix-community/nixos-images nix/kexec-installer/kexec-run.sh:65-68, nix/restore-remote-access.nix:22)");
        actions.add("not protected: the pin is only as good as the fingerprint you confirmed. A host that does not"
                + " present it, refuses TCP forwarding or has no sshd on " + parameters.forwardTo() + " is refused, no"
                + " fallback; after kexec that means a key outside /etc/ssh/ssh_host_* or of a type the installer's"
                + " sshd does not load (it loads ed25519 and rsa): the install stops before the disk is touched");
        return new StepPlan(actions);
    }

    @Override
    public PinnedProxyOutputs execute(PinnedProxyParameters parameters, StepContext context) throws Exception {
        HostKey pinned;
        try {
            pinned = HostKey.parse(parameters.hostKey());
        } catch (IllegalArgumentException e) {
            throw new StepFailure("host_key: " + e.getMessage());
        }
        Path identity = identity(parameters, context);
        OpenSshClient client = new OpenSshClient(context.environment());
        Path ssh = client.find();
        if (ssh == null) {
            throw new StepFailure("ssh (the OpenSSH client) is not on PATH; it carries nixos-anywhere's connections:"
                    + " install it (openssh-client, or nixpkgs#openssh)");
        }
        Path directory = ProxyDirectory.of(context.createRunDirectory(), context.stepId());
        String problem = ProxyDirectory.problem(directory);
        if (problem != null) {
            throw new StepFailure(problem);
        }
        StrictForward forward = new StrictForward(
                ssh,
                parameters.host(),
                directory.resolve(KNOWN_HOSTS),
                pinned,
                identity,
                client.knowsKnownHostsCommand(ssh),
                parameters.jumpHost(),
                parameters.forwardTo());
        List<Route> routes = Route.of(parameters);
        ProxyDirectory.create(directory);
        // '*': whatever name ssh looks the host up by (an alias, [host]:port, HostKeyAlias), this is its only key.
        ProxyDirectory.write(
                forward.knownHosts(),
                "# nixboot ssh.pinned-proxy (step " + context.stepId()
                        + "): the one host key nixos-anywhere's connections accept\n* " + pinned.line() + "\n",
                "rw-------");
        for (Route route : routes) {
            ProxyDirectory.write(directory.resolve(route.name()), forward.script(route, context.stepId()), "rwx------");
            checkSettings(client, forward, route, parameters.host());
        }
        Route first = routes.get(0);
        String banner;
        try {
            banner = client.banner(directory.resolve(first.name()), parameters.timeout(), context);
        } catch (IOException e) {
            throw new StepFailure(where(first, parameters.host()) + " did not pass the pinned check (" + e.getMessage()
                    + "); the pinned key is " + pinned + ". Nothing was sent to it");
        }
        context.console()
                .info(where(first, parameters.host()) + " presents the pinned key " + pinned
                        + " and its own sshd answers through it (" + banner + ")");
        return new PinnedProxyOutputs(
                "ProxyCommand=" + directory + "/%r@%p", forward.knownHosts().toString(), pinned.fingerprint());
    }

    private static void checkSettings(OpenSshClient client, StrictForward forward, Route route, String host)
            throws StepFailure {
        Map<String, String> settings;
        try {
            settings = client.settings(forward.settingsQuery(route));
        } catch (IOException e) {
            throw new StepFailure(
                    "ssh -G for " + where(route, host) + " refused the pinned options: " + e.getMessage());
        }
        for (Map.Entry<String, String> required : forward.requiredSettings().entrySet()) {
            String actual = settings.get(required.getKey());
            if (!required.getValue().equals(actual)) {
                throw new StepFailure("ssh -G for " + where(route, host) + " shows " + required.getKey() + " " + actual
                        + ", not " + required.getValue() + ": the pin would not hold with this ssh");
            }
        }
        for (String absent : StrictForward.MUST_BE_ABSENT) {
            if (settings.containsKey(absent)) {
                throw new StepFailure("ssh -G for " + where(route, host) + " shows " + absent + " "
                        + settings.get(absent) + ": the pin would not hold with this ssh");
            }
        }
    }

    private static Path identity(PinnedProxyParameters parameters, StepContext context) throws StepFailure {
        if (parameters.identityFile() == null || parameters.identityFile().isBlank()) {
            return null;
        }
        Path identity = context.localPath(parameters.identityFile());
        if (!Files.isRegularFile(identity)) {
            throw new StepFailure("identity_file " + identity + " does not exist");
        }
        return identity;
    }

    private static String where(Route route, String host) {
        return route.user() + "@" + host + ":" + route.port();
    }

    /** The key as a dry run can show it: its fingerprint, or the placeholder of a key not scanned yet. */
    private static String describe(String keyLine) {
        try {
            return HostKey.parse(keyLine).toString();
        } catch (IllegalArgumentException e) {
            return keyLine;
        }
    }
}
