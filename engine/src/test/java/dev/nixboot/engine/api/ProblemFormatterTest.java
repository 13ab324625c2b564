package dev.nixboot.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemFormatterTest {
    @Test
    void putsTheCaretUnderTheColumnEvenAfterTabs() {
        Problem problem = new Problem(new SourceLocation(Path.of("p.yaml"), 3, 4), "steps", "tab character", "\t\t x");
        assertThat(ProblemFormatter.format(problem)).isEqualTo("p.yaml:3:4: steps: tab character\n\t\t x\n\t\t ^");
    }

    @Test
    void printsProblemsWithoutAPlaceOnOneLine() {
        Problem problem = new Problem(null, "--var hots", "undeclared variable 'hots' (did you mean 'host'?)", null);
        assertThat(ProblemFormatter.format(List.of(problem)))
                .isEqualTo("--var hots: undeclared variable 'hots' (did you mean 'host'?)\n");
        assertThat(ProblemFormatter.count(List.of(problem, problem))).isEqualTo("2 problems");
    }
}
