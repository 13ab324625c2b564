/**
 * {@code ssh.pinned-proxy}: a ProxyCommand that lets an SSH client which checks no host key (nixos-anywhere's) reach
 * a target only through a connection that accepts the key the user confirmed.
 */
package dev.nixboot.steps.ssh.pinned;
