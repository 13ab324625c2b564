package dev.nixboot.steps.ssh.client;

import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Passphrases of identity files, asked for once per run (masked, through the engine's prompt) and remembered for
 * the later connections of the run. A wrong answer is asked again, three times at most.
 */
final class Passphrases {
    private static final int ATTEMPTS = 3;
    private final Map<Path, char[]> known = new ConcurrentHashMap<>();

    /** Carries a failed prompt through SSHJ, which only lets IOExceptions and runtime exceptions out. */
    static final class PromptFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PromptFailed(StepFailure cause) {
            super(cause.getMessage(), cause);
        }

        StepFailure failure() {
            return (StepFailure) getCause();
        }
    }

    PasswordFinder finder(Path identity, StepContext context) {
        return new PasswordFinder() {
            private int asked;

            @Override
            public char[] reqPassword(Resource<?> resource) {
                char[] remembered = known.get(identity);
                if (remembered != null && asked == 0) {
                    asked++;
                    return remembered.clone();
                }
                asked++;
                try {
                    String answer = context.interaction().ask("Passphrase for " + identity, true, null);
                    context.addSecret(answer);
                    known.put(identity, answer.toCharArray());
                    return answer.toCharArray();
                } catch (StepFailure e) {
                    throw new PromptFailed(e);
                }
            }

            @Override
            public boolean shouldRetry(Resource<?> resource) {
                known.remove(identity);
                return asked < ATTEMPTS;
            }
        };
    }
}
