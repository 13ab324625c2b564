package dev.nixboot.steps.ssh.client;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * What is asked of the SSH client configuration for one host: the host as the playbook names it and what a step
 * sets explicitly, which wins over the configuration files as {@code ssh}'s command line does.
 *
 * @param host the name given ({@code ssh HOST}); a {@code Host} alias, a DNS name or an address
 * @param port {@code -p}, or null
 * @param user {@code -l}, or null
 * @param identityFile {@code -i}, or null
 * @param jump {@code -J}: jump hosts as ProxyJump writes them, or {@code none}; null for the configuration's
 */
public record HostQuery(String host, Integer port, String user, Path identityFile, String jump) {
    public HostQuery {
        requireNonNull(host, "host");
    }
}
