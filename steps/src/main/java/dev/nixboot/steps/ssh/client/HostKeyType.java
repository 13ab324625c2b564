package dev.nixboot.steps.ssh.client;

import java.util.List;
import java.util.Locale;

/** The kinds of host key a step can ask a server for, as playbooks name them: ed25519, ecdsa or rsa. */
public enum HostKeyType {
    ED25519(List.of("ssh-ed25519")),
    ECDSA(List.of("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521")),
    RSA(List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"));

    private final List<String> algorithms;

    HostKeyType(List<String> algorithms) {
        this.algorithms = algorithms;
    }

    /** The kind of a key as OpenSSH names its type: {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256}, ... */
    public static HostKeyType of(String keyType) {
        for (HostKeyType type : values()) {
            if (type.algorithms.contains(keyType)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unsupported key type '" + keyType + "': use an ed25519, ecdsa or rsa key");
    }

    /** The key algorithms to offer for this kind, most preferred first. */
    public List<String> algorithms() {
        return algorithms;
    }

    /** As playbooks spell it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
