package dev.nixboot.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.model.CompiledPlaybookModel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackgroundPreparationTest {

    /** The preparation swallows its failures (it is only an optimization), so a broken one would go unnoticed. */
    @Test
    void itsPlaybookGoesThroughEveryStageOfACompile() throws Exception {
        CompiledPlaybookModel compiled = BackgroundPreparation.compilePlaybook();

        assertThat(compiled.stepOrder()).containsExactly("first", "second");
        assertThat(compiled.needs("second")).containsExactly("first");
    }

    @Test
    void itRunsOnADaemonThreadThatEnds() throws Exception {
        Thread thread = BackgroundPreparation.start();

        assertThat(thread.isDaemon()).as("never keeps the JVM alive").isTrue();
        thread.join(Duration.ofSeconds(30).toMillis());
        assertThat(thread.isAlive()).as("still running after 30 s").isFalse();
    }
}
