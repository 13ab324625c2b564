package dev.nixboot.engine.secrets;

import dev.nixboot.engine.spi.StepConsole;
import java.util.function.Consumer;

/**
 * One output stream of a step (its stdout or its stderr) on its way to the listener, masked as a stream rather than
 * line by line: a secret of several lines (a private key) is masked whole, and so is a secret cut between the pieces
 * of a long line ({@link StepConsole#MAX_LINE}). Text that may be the beginning of a secret is held back until what
 * follows shows whether it is one; {@link #flush} shows what is left when the step ends.
 */
public final class MaskedStream {
    private final SecretMask mask;
    private final Consumer<String> lines;
    private final int pieceLength;
    /** Text not shown yet, as the step wrote it, because it may begin a secret; at most about two secrets long. */
    private String held = "";
    /** Whether the last text shown ended in the middle of a line (a piece of a long one). */
    private boolean midLine;

    public MaskedStream(SecretMask mask, Consumer<String> lines) {
        this(mask, lines, StepConsole.MAX_LINE);
    }

    /** With pieces of another length, so a test need not write 64 KiB lines. */
    MaskedStream(SecretMask mask, Consumer<String> lines, int pieceLength) {
        this.mask = mask;
        this.lines = lines;
        this.pieceLength = pieceLength;
    }

    /** A line of the step's output, or a piece of one when it is {@link StepConsole#MAX_LINE} chars or longer. */
    public synchronized void accept(String line) {
        boolean piece = line.length() >= pieceLength;
        String text = held + line + (piece ? "" : "\n");
        int cut = text.length() - mask.heldBack(text, !piece);
        if (cut < text.length() && !piece) {
            // Hold back whole lines, so a line that turns out not to begin a secret is still shown in one piece.
            cut = text.lastIndexOf('\n', cut - 1) + 1;
        }
        // Masking what is shown on its own must not cut a secret that runs into what is held.
        cut = mask.cutBefore(text, cut);
        held = text.substring(cut);
        show(mask.mask(text.substring(0, cut)));
    }

    /** Shows what was held back: nothing more will come to complete a secret. */
    public synchronized void flush() {
        if (!held.isEmpty()) {
            String rest = mask.mask(held);
            held = "";
            show(rest.endsWith("\n") ? rest : rest + "\n");
        }
    }

    private void show(String text) {
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                // A piece of a long line: shown now, the rest of the line follows as lines of its own.
                lines.accept(text.substring(start));
                midLine = true;
                return;
            }
            if (end > start || !midLine) {
                lines.accept(text.substring(start, end));
            }
            midLine = false;
            start = end + 1;
        }
    }
}
