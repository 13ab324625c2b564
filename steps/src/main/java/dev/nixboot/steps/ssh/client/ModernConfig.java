package dev.nixboot.steps.ssh.client;

import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import com.hierynomus.sshj.transport.kex.DHGroups;
import com.hierynomus.sshj.transport.kex.ExtInfoClientFactory;
import com.hierynomus.sshj.transport.mac.Macs;
import java.util.List;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.transport.kex.Curve25519SHA256;
import net.schmizz.sshj.transport.kex.DHGexSHA256;
import net.schmizz.sshj.transport.kex.ECDHNistP;
import net.schmizz.sshj.transport.kex.KeyExchange;
import net.schmizz.sshj.transport.mac.MAC;

/**
 * SSHJ's configuration with the algorithms current OpenSSH offers and nothing older. SSHJ's {@link DefaultConfig}
 * builds and initializes a trial instance of each of its 30 ciphers (Blowfish, CAST, IDEA, Serpent, Twofish, RC4,
 * 3DES...) to find out which the JCE supports; the failed lookups walk every security provider, loading PKCS#11 and
 * LDAP ones, and cost a fresh JVM ~100 ms before the first packet is sent. These are all built into the JDK 17+
 * providers, so no trial is needed.
 *
 * <p>Key exchange: curve25519 first (as OpenSSH prefers), NIST ECDH and the SHA-2 Diffie-Hellman groups for hosts
 * without it; no SHA-1 exchange. Ciphers: AES-CTR with an encrypt-then-MAC SHA-2 MAC first, then AES-GCM: the JDK's
 * GCM is re-initialized for every packet and its GHASH needs C2 to be fast, so under the launcher's C1-only JIT
 * CTR + hmac-sha2-256-etm sent 19 MB for 520-680 ms of CPU against 690-710 ms with GCM (a small gain; whole-process
 * first copies did not show it above the noise). MACs: SHA-512 before SHA-256 (OpenSSH offers SHA-256
 * first; the server accepts either): its 64-bit arithmetic does a 128-byte block in 80 rounds where SHA-256 does
 * 64 bytes in 64, so under C1 hmac-sha2-512-etm MACs 19 MB in ~180 ms of CPU against ~240 ms (6 rounds alternating
 * in one JVM).
 * chacha20-poly1305 is left out: SSHJ takes its Poly1305 from BouncyCastle, which is not registered by default (see
 * {@link Providers}). Host key and signature algorithms stay SSHJ's defaults (ed25519, ECDSA, RSA-SHA2, ssh-rsa), as
 * do the key file formats.
 */
final class ModernConfig extends DefaultConfig {

    @Override
    protected void initKeyExchangeFactories() {
        setKeyExchangeFactories(List.<Factory.Named<KeyExchange>>of(
                new Curve25519SHA256.Factory(),
                new Curve25519SHA256.FactoryLibSsh(),
                new ECDHNistP.Factory256(),
                new ECDHNistP.Factory384(),
                new ECDHNistP.Factory521(),
                new DHGexSHA256.Factory(),
                DHGroups.Group16SHA512(),
                DHGroups.Group18SHA512(),
                DHGroups.Group14SHA256(),
                // Announces that the client understands the server's ext-info (rsa-sha2 signatures for RSA keys).
                new ExtInfoClientFactory()));
    }

    @Override
    protected void initCipherFactories() {
        setCipherFactories(List.<Factory.Named<Cipher>>of(
                BlockCiphers.AES128CTR(),
                BlockCiphers.AES192CTR(),
                BlockCiphers.AES256CTR(),
                GcmCiphers.AES128GCM(),
                GcmCiphers.AES256GCM()));
    }

    @Override
    protected void initMACFactories() {
        setMACFactories(List.<Factory.Named<MAC>>of(
                Macs.HMACSHA2512Etm(), Macs.HMACSHA2256Etm(), Macs.HMACSHA2512(), Macs.HMACSHA2256()));
    }
}
