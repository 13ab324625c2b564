package dev.nixboot.engine.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.validate.ConversionException;
import dev.nixboot.engine.validate.Scalars;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One way to write a duration, for a step's time in the display, the live clock and a timeout in a message alike
 * (four formatters used to say 1500ms, 1.5s and 1500 ms for the same time).
 */
class DurationTextTest {

    @ParameterizedTest(name = "{0} ms reads {1}")
    @CsvSource({
        "0,         0ms",
        "1,         1ms",
        "250,       250ms",
        "999,       999ms",
        "1000,      1s",
        "1500,      1.5s",
        "1999,      1.9s",
        "12000,     12s",
        "12345,     12.3s",
        "59900,     59.9s",
        "59999,     59.9s",
        "60000,     1m",
        "90000,     1m30s",
        "185400,    3m05s",
        "300000,    5m",
        "3599999,   59m59s",
        "3600000,   1h",
        "3660000,   1h01m",
        "3723000,   1h02m03s",
        "3605000,   1h00m05s",
        "7200000,   2h",
        "93600000,  26h",
    })
    void writesDurationsForPeople(long millis, String text) {
        assertThat(DurationText.format(Duration.ofMillis(millis))).isEqualTo(text);
    }

    /** What a playbook wrote reads back as written, and the text parses back to the same duration. */
    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource({"500ms, 500ms", "30s, 30s", "90s, 1m30s", "5m, 5m", "1h30m, 1h30m", "2h, 2h", "3723s, 1h02m03s"})
    void writesAPlaybooksWholeDurationsSoTheyReadBack(String written, String text) throws ConversionException {
        Duration duration = Scalars.toDuration(written);

        assertThat(DurationText.format(duration)).isEqualTo(text);
        assertThat(Scalars.toDuration(text)).isEqualTo(duration);
    }

    @ParameterizedTest(name = "{0} ns reads {1}")
    @CsvSource({"999999, 0ms", "-5000000, 0ms"})
    void truncatesAndNeverGoesBelowZero(long nanos, String text) {
        assertThat(DurationText.format(Duration.ofNanos(nanos))).isEqualTo(text);
    }
}
