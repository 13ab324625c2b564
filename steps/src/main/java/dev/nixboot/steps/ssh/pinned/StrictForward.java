package dev.nixboot.steps.ssh.pinned;

import static java.util.Objects.requireNonNull;

import dev.nixboot.steps.local.ShellQuote;
import dev.nixboot.steps.ssh.knownhosts.HostKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ssh that carries one of nixos-anywhere's connections: it logs in to the target as nixos-anywhere would, accepts
 * only the pinned host key, and joins its standard input and output to the target's own sshd on 127.0.0.1
 * ({@code -W}). nixos-anywhere's own ssh then talks to that sshd through it, so its missing host key check no longer
 * matters: whatever it reaches, it reaches inside a connection to the verified machine.
 *
 * <p>The options are on the command line, which ssh reads before any config file, and ssh keeps the first value it
 * reads for each option: {@code ~/.ssh/config} can still say how to reach the host (HostName, ProxyJump,
 * IdentityFile) but not which keys to trust.
 *
 * @param ssh the OpenSSH client
 * @param host the target as nixos-anywhere is given it
 * @param knownHosts the file holding only the pinned key
 * @param pinned the one key accepted
 * @param identity a key to log in with besides ssh's defaults and the agent; null for none
 * @param knownHostsCommand whether this ssh knows KnownHostsCommand (OpenSSH 8.5 and later), which must then be off
 */
record StrictForward(
        Path ssh,
        String host,
        Path knownHosts,
        HostKey pinned,
        Path identity,
        boolean knownHostsCommand,
        String jumpHost,
        String forwardTo) {
    /** Where nixos-anywhere's connection goes on the target by default: its own sshd, never leaving the machine. */
    static final String LOOPBACK = "127.0.0.1";

    /** Settings ssh -G must not show at all: a shared connection or a command adding keys would bypass the pin. */
    static final Set<String> MUST_BE_ABSENT = Set.of("controlpath", "knownhostscommand");

    StrictForward {
        requireNonNull(ssh, "ssh");
        requireNonNull(host, "host");
        requireNonNull(knownHosts, "knownHosts");
        requireNonNull(pinned, "pinned");
    }

    /** The command line that carries a connection of this route. */
    List<String> command(Route route) {
        List<String> command = new ArrayList<>();
        command.add(ssh.toString());
        command.addAll(options(route));
        command.add("-W");
        command.add(forwardedTo(route));
        command.add(host);
        return command;
    }

    /** Where the target's sshd is, seen from the target: forward_to's port if it names one, else the route's. */
    String forwardedTo(Route route) {
        return forwardTo.contains(":") ? forwardTo : forwardTo + ":" + route.port();
    }

    /** The same options for {@code ssh -G}, which prints what ssh would use after reading its config files. */
    List<String> settingsQuery(Route route) {
        List<String> command = new ArrayList<>();
        command.add(ssh.toString());
        command.add("-G");
        command.addAll(options(route));
        command.add(host);
        return command;
    }

    /** What {@code ssh -G} must print for the settings the pin rests on. */
    Map<String, String> requiredSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("stricthostkeychecking", "true");
        settings.put("userknownhostsfile", knownHosts.toString());
        settings.put("globalknownhostsfile", "/dev/null");
        settings.put("verifyhostkeydns", "false");
        settings.put("hostkeyalgorithms", String.join(",", pinned.algorithms()));
        return settings;
    }

    /** The ProxyCommand program of a route: a script that does nothing but run {@link #command}. */
    String script(Route route, String stepId) {
        return "#!/bin/sh\n"
                + "# nixboot ssh.pinned-proxy (step " + stepId + "): nixos-anywhere's ProxyCommand for " + route.user()
                + "@" + host + ":" + route.port() + ".\n"
                + "# Carries the connection to that host's own sshd (" + forwardedTo(route) + " there),\n"
                + "# through an SSH connection that accepts only the pinned host key " + pinned + ".\n"
                + "exec " + ShellQuote.join(command(route)) + "\n";
    }

    private List<String> options(Route route) {
        List<String> options = new ArrayList<>(List.of(
                "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null"));
        if (knownHostsCommand) {
            options.addAll(List.of("-o", "KnownHostsCommand=none"));
        }
        options.addAll(List.of(
                // Keys from DNS, from a shared master connection, or learnt after the handshake would not be the pin.
                "-o", "VerifyHostKeyDNS=no",
                "-o", "CheckHostIP=no",
                "-o", "UpdateHostKeys=no",
                "-o", "ControlMaster=no",
                "-o", "ControlPath=none",
                "-o", "HostKeyAlgorithms=" + String.join(",", pinned.algorithms()),
                // Nothing may wait for a password or a yes; a dead target is noticed within a minute.
                "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=30",
                "-o", "ServerAliveInterval=15",
                "-o", "ForwardAgent=no",
                "-p", Integer.toString(route.port()),
                "-l", route.user()));
        if (identity != null) {
            options.addAll(List.of("-i", identity.toString()));
        }
        if (jumpHost != null && !jumpHost.isBlank()) {
            // ssh -J starts its own ssh for each hop, which checks the hop against your known_hosts; these options
            // (the pin) apply to the target alone.
            options.addAll(List.of("-J", jumpHost));
        }
        return options;
    }
}
