package dev.nixboot.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a step prints and however its output is cut into calls — lines, pieces of long lines — no part of a
 * secret reaches the listener: not a single-line secret cut between two pieces, not a secret of several lines (a
 * private key) with lines short and long, and every other char still does, in order. Secrets are written in
 * capitals and digits, everything else in lower case, so any capital shown is a leak.
 */
class MaskedStreamTest {
    private static final int PIECE = 16;

    @Provide
    Arbitrary<String> secrets() {
        Arbitrary<String> line = Arbitraries.strings()
                .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
                .ofMinLength(1)
                .ofMaxLength(30);
        return line.list().ofMinSize(1).ofMaxSize(4).map(lines -> String.join("\n", lines));
    }

    @Provide
    Arbitrary<List<String>> fillers() {
        return Arbitraries.strings()
                .withChars("abcdefghij \n")
                .ofMaxLength(40)
                .list()
                .ofMinSize(1)
                .ofMaxSize(6);
    }

    @Property(tries = 1000, seed = "20261204")
    void noPartOfASecretIsShown(
            @ForAll("secrets") String secret,
            @ForAll("secrets") String other,
            @ForAll("fillers") List<String> fillers) {
        // The output: filler, a secret, filler, the other secret... as a process would print them.
        StringBuilder output = new StringBuilder();
        for (int i = 0; i < fillers.size(); i++) {
            output.append(fillers.get(i)).append(i % 2 == 0 ? secret : other);
        }
        output.append('\n');
        List<String> shown = new ArrayList<>();
        MaskedStream stream = new MaskedStream(new SecretMask(List.of(secret, other)), shown::add, PIECE);

        for (String call : calls(output.toString())) {
            stream.accept(call);
        }
        stream.flush();

        String all = String.join("\n", shown);
        assertThat(all).doesNotContainPattern("[A-Z0-9]");
        assertThat(all.replace("***", "").replace("\n", ""))
                .isEqualTo(output.toString().replaceAll("[A-Z0-9]+", "").replace("\n", ""));
    }

    @Property(tries = 200, seed = "20261205")
    void aLineThatCannotBeginASecretIsShownAtOnce(
            @ForAll("secrets") String secret, @ForAll("fillers") List<String> fillers) {
        List<String> shown = new ArrayList<>();
        MaskedStream stream = new MaskedStream(new SecretMask(List.of(secret)), shown::add, PIECE);

        for (String filler : fillers) {
            String line = filler.replace("\n", "");
            if (line.length() < PIECE) {
                stream.accept(line);
                assertThat(shown).last().isEqualTo(line);
            }
        }
    }

    /** The calls a step makes for the text: one per line, a long line in pieces of {@link #PIECE} chars. */
    private static List<String> calls(String text) {
        List<String> calls = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            while (line.length() >= PIECE) {
                calls.add(line.substring(0, PIECE));
                line = line.substring(PIECE);
            }
            calls.add(line);
        }
        return calls;
    }
}
