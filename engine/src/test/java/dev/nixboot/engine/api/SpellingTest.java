package dev.nixboot.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpellingTest {
    private static final List<String> STEP_KEYS = List.of(
            "id",
            "type",
            "with",
            "needs",
            "when",
            "retry",
            "timeout",
            "continue_on_error",
            "confirm",
            "tags",
            "description");

    @Test
    void suggestsTheKeyATypoWasMeantToBe() {
        assertThat(Spelling.closest("nedds", STEP_KEYS)).hasValue("needs");
        assertThat(Spelling.closest("wiht", STEP_KEYS)).hasValue("with");
        assertThat(Spelling.closest("continue-on-error", STEP_KEYS)).hasValue("continue_on_error");
        assertThat(Spelling.closest("Type", STEP_KEYS)).hasValue("type");
        assertThat(Spelling.closest("integer", List.of("string", "int", "bool", "path", "list")))
                .hasValue("int");
    }

    @Test
    void suggestsTheFamilyNameOfAStepTypeGivenWithoutIt() {
        List<String> types = List.of("exec", "ssh.exec", "ssh.keygen", "ssh.keyscan", "ssh.known-hosts", "git.status");
        assertThat(Spelling.closest("known-hosts", types)).hasValue("ssh.known-hosts");
        assertThat(Spelling.closest("ssh-keygen", types)).hasValue("ssh.keygen");
        assertThat(Spelling.closest("status", types)).hasValue("git.status");
    }

    @Test
    void staysQuietWhenNothingIsClose() {
        assertThat(Spelling.closest("playbook", STEP_KEYS)).isEmpty();
        assertThat(Spelling.closest("x", List.of("host"))).isEmpty();
        assertThat(Spelling.hintOrList("zzz", List.of("a", "b"))).isEqualTo("; expected one of: a, b");
    }

    @Test
    void countsASwapOfNeighboursAsOneEdit() {
        assertThat(Spelling.distance("needs", "nedes")).isEqualTo(1);
        assertThat(Spelling.distance("abc", "abc")).isZero();
        assertThat(Spelling.distance("", "abc")).isEqualTo(3);
    }
}
