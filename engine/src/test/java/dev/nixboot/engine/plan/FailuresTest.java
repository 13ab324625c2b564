package dev.nixboot.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Durations in messages read the way a playbook writes them: "timed out after 30s", not "PT30S". */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FailuresTest {

    @Test
    void writesDurationsLikeAPlaybook() {
        assertThat(Failures.duration(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Failures.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Failures.duration(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Failures.duration(Duration.ofMinutes(61))).isEqualTo("1h1m");
        assertThat(Failures.duration(Duration.ofMillis(200))).isEqualTo("200ms");
        assertThat(Failures.duration(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Failures.duration(Duration.ZERO)).isEqualTo("0ms");
    }
}
