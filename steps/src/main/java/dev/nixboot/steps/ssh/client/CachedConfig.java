package dev.nixboot.steps.ssh.client;

import dev.nixboot.engine.spi.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers a run's answers from the configuration, one per query: {@code ssh -G} costs a process (5–15 ms), and a
 * run asks the same question for every step, where the steps themselves cost 3–5 ms once connected. An answer is
 * asked again when the user's or the system's config file has changed since (a step may write one); a change only
 * in an included file is not noticed within a run.
 */
final class CachedConfig implements ClientConfig {
    private final ClientConfig config;
    private final List<Path> watched;
    private final Map<List<Object>, ClientOptions> answers = new ConcurrentHashMap<>();

    CachedConfig(ClientConfig config, Path home) {
        this.config = config;
        this.watched = List.of(home.resolve(".ssh/config"), Path.of("/etc/ssh/ssh_config"));
    }

    @Override
    public ClientOptions options(HostQuery query) throws StepFailure {
        List<Object> key = List.of(query, modified(watched.get(0)), modified(watched.get(1)));
        ClientOptions known = answers.get(key);
        if (known != null) {
            return known;
        }
        ClientOptions fresh = config.options(query);
        answers.put(key, fresh);
        return fresh;
    }

    private static Object modified(Path file) {
        try {
            return Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file) : "none";
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
