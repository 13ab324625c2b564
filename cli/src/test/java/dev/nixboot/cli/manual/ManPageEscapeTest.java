package dev.nixboot.cli.manual;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManPageEscapeTest {
    @Test
    void escapesWhatRoffWouldReadAsRequests() {
        assertThat(ManPage.escape(".hidden")).isEqualTo("\\&.hidden");
        assertThat(ManPage.escape("a\\b-c")).isEqualTo("a\\eb\\-c");
    }
}
