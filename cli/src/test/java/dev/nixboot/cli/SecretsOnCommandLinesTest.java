package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.invocation.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret never goes on a command line, local or remote, where every user of the machine can read it in the
 * process list: validate refuses a template that puts one into exec's argv or script or ssh.exec's command or
 * script, and says what to do instead.
 */
class SecretsOnCommandLinesTest {
    @TempDir
    Path directory;

    @Test
    void refusesASecretInACommandLineWhereTheTemplateShowsIt() throws Exception {
        Files.writeString(directory.resolve("p.yaml"), """
                vars:
                  pw: {secret: true, required: true}
                  host: {default: 127.0.0.1}
                steps:
                  - id: remote
                    type: ssh.exec
                    with: {host: "${{ host }}", command: [sh, -c, 'sleep 3', "${{ pw }}"]}
                  - id: remote_script
                    type: ssh.exec
                    with: {host: "${{ host }}", script: "echo pw=${{ pw }}"}
                  - id: local
                    type: exec
                    with: {argv: [cryptsetup, open, "--key=${{ pw }}"]}
                  - id: key
                    type: age.from-ssh
                    with: {file: id_ed25519}
                  - id: remote_key
                    type: ssh.exec
                    needs: [key]
                    with: {host: "${{ host }}", command: [echo, "${{ steps.key.outputs.identity }}"]}
                  - id: fine
                    type: ssh.exec
                    with:
                      host: "${{ host }}"
                      command: [cryptsetup, open, "${{ empty pw ? '--test' : '--key-file=-' }}"]
                      stdin: "${{ pw }}"
                      env: {PW: "${{ pw }}"}
                """);

        CommandResult result = nixboot(directory, "validate", "p.yaml", "--var", "pw=Zq9Secret");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        String remote = " is secret: here it would show in the remote command line, where every user of the host"
                + " can read it in its process list; pass it through stdin, or through env (sent over the SSH"
                + " channel, never on a command line), and refer to it as \"$NAME\" in a script";
        assertThat(result.err().lines().filter(line -> line.startsWith("p.yaml:")))
                .containsExactly(
                        "p.yaml:7:62: steps[0].with.command[3]: ${{ pw }}" + remote,
                        "p.yaml:10:41: steps[1].with.script: ${{ pw }}" + remote,
                        "p.yaml:13:37: steps[2].with.argv[2]: ${{ pw }} is secret: here it would show in the process list,"
                                + " where every user of this machine can read it; pass it through env or stdin, and refer"
                                + " to it as \"$NAME\" in a script",
                        "p.yaml:20:49: steps[4].with.command[1]: ${{ steps.key.outputs.identity }}" + remote);
        assertThat(result.err()).doesNotContain("Zq9Secret");
    }
}
