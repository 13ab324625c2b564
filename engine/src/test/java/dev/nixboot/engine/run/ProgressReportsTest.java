package dev.nixboot.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.engine.api.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressReportsTest {
    private final AtomicLong now = new AtomicLong();
    private final ProgressReports reports = new ProgressReports(now::get);

    @Test
    void passesTheFirstTheLastAndOneReportPerHundredthOfTheWork() {
        List<Long> passed = new ArrayList<>();
        for (long done = 0; done <= 10_000; done += 10) {
            reports.report("writing", done, 10_000).ifPresent(p -> passed.add(p.doneBytes()));
        }
        assertThat(passed).hasSize(101).startsWith(0L, 100L, 200L).endsWith(9_900L, 10_000L);
    }

    @Test
    void aNewActivityStartsAgainWithItsOwnClock() {
        now.set(5_000_000_000L);
        reports.report("writing", 0, 100);
        now.set(7_000_000_000L);
        Progress written = reports.report("writing", 100, 100).orElseThrow();
        Progress verifying = reports.report("verifying", 0, 100).orElseThrow();

        assertThat(written.elapsed()).isEqualTo(Duration.ofSeconds(2));
        assertThat(written.bytesPerSecond()).isEqualTo(50);
        assertThat(verifying.elapsed()).isZero();
        assertThat(verifying.remaining()).isEmpty();
    }

    @Test
    void estimatesTheTimeLeftFromTheRateSoFar() {
        reports.report("writing", 0, 1000);
        now.set(4_000_000_000L);
        Progress quarter = reports.report("writing", 250, 1000).orElseThrow();

        assertThat(quarter.bytesPerSecond()).isEqualTo(62);
        assertThat(quarter.remaining()).hasValueSatisfying(left -> assertThat(left)
                .isBetween(Duration.ofSeconds(12), Duration.ofSeconds(12).plusMillis(100)));
    }

    @Test
    void refusesNumbersThatAreNotProgress() {
        assertThatThrownBy(() -> reports.report("writing", 11, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("11 of 10");
    }
}
