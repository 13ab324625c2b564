package dev.nixboot.steps.age;

import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.Secret;

/** Where the SSH key comes from: text ({@code key}) or a file; exactly one of them. */
public record AgeFromSshParameters(
        @Description("SSH key text: a public key line, known_hosts lines, ssh-keyscan output or an OpenSSH private key")
        String key,

        @Description(
                "A file holding such text, e.g. /etc/ssh/ssh_host_ed25519_key.pub; relative to the working directory")
        String file,

        @Secret @Description("Passphrase of an encrypted private key; asked for when needed and not given")
        String passphrase) {}
