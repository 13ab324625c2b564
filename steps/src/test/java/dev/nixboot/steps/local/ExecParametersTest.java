package dev.nixboot.steps.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.spi.DurationText;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ExecParametersTest {
    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private final Validator validator = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void acceptsArgvAlone() {
        assertThat(problems(ExecCall.argv("true").parameters())).isEmpty();
    }

    @Test
    void rejectsBothArgvAndScript() {
        ExecParameters both = new ExecParameters(List.of("true"), "true", null, Map.of(), null, null, List.of(0));

        assertThat(problems(both)).containsExactly("argvOrScript: give exactly one of argv or script");
    }

    @Test
    void rejectsNeitherArgvNorScript() {
        ExecParameters neither = new ExecParameters(null, null, null, Map.of(), null, null, List.of(0));

        assertThat(problems(neither)).containsExactly("argvOrScript: give exactly one of argv or script");
    }

    @Test
    void rejectsATimeoutWithoutUnit() {
        assertThatThrownBy(() -> ThisProcess.testKit().parameters(new ExecStep(), "{argv: [true], timeout: 30}"))
                .hasMessageEndingWith("with.timeout: '30' needs a unit: write 30s, 30m, 30h or 30ms");
    }

    @Test
    void rejectsAnExitCodeOutOfRange() {
        assertThat(problems(ExecCall.argv("true").withOkCodes(0, 256).parameters()))
                .containsExactly("okCodes[1].<list element>: must be less than or equal to 255");
    }

    @Test
    void okCodesDefaultToZero() {
        assertThat(ThisProcess.testKit()
                        .parameters(new ExecStep(), "argv: [true]")
                        .okCodes())
                .containsExactly(0);
    }

    @Test
    void durationsReadAsWritten() {
        assertThat(timeout("1h30m")).hasMinutes(90);
        assertThat(timeout("500ms")).hasMillis(500);
        assertThat(DurationText.format(timeout("90s"))).isEqualTo("1m30s");
    }

    private static Duration timeout(String text) {
        return ThisProcess.testKit()
                .parameters(new ExecStep(), "{argv: [true], timeout: " + text + "}")
                .timeout();
    }

    private List<String> problems(ExecParameters parameters) {
        return validator.validate(parameters).stream()
                .map(ExecParametersTest::describe)
                .sorted()
                .collect(Collectors.toList());
    }

    private static String describe(ConstraintViolation<ExecParameters> violation) {
        return violation.getPropertyPath() + ": " + violation.getMessage();
    }
}
