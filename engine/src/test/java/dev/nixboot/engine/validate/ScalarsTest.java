package dev.nixboot.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScalarsTest {
    @Test
    void readsDurationsPeopleWrite() throws ConversionException {
        assertThat(Scalars.toDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Scalars.toDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Scalars.toDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Scalars.toDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Scalars.toDuration("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Scalars.toDuration("PT10S")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void refusesDurationsWithoutAUnitOrWithWords() {
        assertThatThrownBy(() -> Scalars.toDuration("30")).hasMessage("'30' needs a unit: write 30s, 30m, 30h or 30ms");
        assertThatThrownBy(() -> Scalars.toDuration("5 minutes")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Scalars.toDuration("m5")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Scalars.toDuration("-PT5S")).hasMessageContaining("is not a duration");
    }

    /** The schema's expression and the parser give the same answer (ISO forms aside, which only the parser judges). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "500ms",
                "30s",
                "5m",
                "1h",
                "2d",
                "1h30m",
                "1H30M",
                "10MS",
                "0s",
                "30",
                "5 minutes",
                "m5",
                "1.5h",
                "1w",
                "ms",
                "",
                "5m ",
                "1h-30m",
                "PT10S",
                "P1D"
            })
    void durationSyntaxAgreesWithTheParser(String text) {
        boolean parses;
        try {
            Scalars.toDuration(text);
            parses = true;
        } catch (ConversionException e) {
            parses = false;
        }
        // The parser trims; the schema, which sees the YAML value, has nothing to trim.
        assertThat(Pattern.matches(Scalars.DURATION_SYNTAX, text))
                .as(text)
                .isEqualTo(parses && text.equals(text.trim()));
    }

    @Test
    void acceptsOnlyTrueAndFalse() throws ConversionException {
        assertThat(Scalars.toBoolean("true")).isTrue();
        assertThat(Scalars.toBoolean("False")).isFalse();
        assertThatThrownBy(() -> Scalars.toBoolean("off"))
                .hasMessage("'off' is ambiguous in YAML: write true or false");
        assertThatThrownBy(() -> Scalars.toBoolean("1")).hasMessage("must be true or false, not '1'");
    }

    @Test
    void refusesNumbersYamlWouldReadAsOctal() throws ConversionException {
        assertThat(Scalars.toInt("755")).isEqualTo(755);
        assertThat(Scalars.toInt("-3")).isEqualTo(-3);
        assertThat(Scalars.toInt("0")).isZero();
        assertThat(Scalars.toInt("0x1F")).isEqualTo(31);
        assertThatThrownBy(() -> Scalars.toInt("0755"))
                .hasMessage(
                        "'0755' has a leading zero, which YAML reads as octal: write 755 (493 if you meant octal 0755),"
                                + " or quote it if it is text");
        assertThatThrownBy(() -> Scalars.toInt("089"))
                .hasMessage("'089' has a leading zero, which YAML reads as octal: write 89, or quote it if it is text");
        assertThatThrownBy(() -> Scalars.toInt("3000000000")).hasMessageContaining("is too large");
        assertThatThrownBy(() -> Scalars.toInt("8.0")).hasMessage("must be a whole number, not '8.0'");
        assertThatThrownBy(() -> Scalars.toInt("")).hasMessage("must be a whole number, not an empty value");
    }
}
