package dev.nixboot.steps.ssh.client;

import java.util.List;
import net.schmizz.sshj.common.SecurityUtils;

/**
 * Which JCE providers SSHJ uses. Registering BouncyCastle costs about a second of CPU at start, a large part of a short
 * run, and the JDK's own providers handle curve25519, ed25519, RSA, AES and ChaCha20-Poly1305; SSHJ needs BouncyCastle
 * for ECDSA keys only. So it is registered when an ECDSA key may be involved, or when a connection failed without it.
 */
final class Providers {
    private static boolean bouncyCastle;

    static {
        SecurityUtils.setRegisterBouncyCastle(false);
    }

    private Providers() {}

    /** Makes sure the JDK-only setup is in place (class initialization does it). */
    static void init() {
        // the static initializer above is the work
    }

    /** Registers BouncyCastle if any of these algorithms is ECDSA. */
    static void forAlgorithms(List<String> algorithms) {
        if (algorithms.stream().anyMatch(a -> a.startsWith("ecdsa"))) {
            enableBouncyCastle();
        }
    }

    /** Registers BouncyCastle; returns false when it already was, so a retry would change nothing. */
    static synchronized boolean enableBouncyCastle() {
        if (bouncyCastle) {
            return false;
        }
        SecurityUtils.setRegisterBouncyCastle(true);
        bouncyCastle = true;
        return true;
    }
}
