package dev.nixboot.engine;

import dev.nixboot.engine.api.LocalHost;
import dev.nixboot.engine.testkit.StepTestKit;
import java.nio.file.Path;

/** Tests run the engine for the test JVM's own directory, environment and home, as the command line would. */
public final class ThisProcess {
    private ThisProcess() {}

    public static LocalHost host() {
        return new LocalHost(Path.of("").toAbsolutePath(), System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** A test kit for this process's directory, environment and home. */
    public static StepTestKit testKit() {
        return StepTestKit.create(host());
    }
}
