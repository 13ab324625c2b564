package dev.nixboot.cli.progress;

import dev.nixboot.engine.api.Progress;
import dev.nixboot.engine.spi.ByteSize;
import dev.nixboot.engine.spi.DurationText;

/**
 * A step's progress in words, for the live view: "writing [####........] 35% 412.0 MiB/1.1 GiB, 38.0 MiB/s, 18s left";
 * without the bar for logs. ASCII, so any terminal and any log shows it alike; short enough for 80 columns even with
 * the longest numbers.
 */
final class ProgressText {
    private static final int BAR = 12;

    private ProgressText() {}

    static String of(Progress progress, boolean bar) {
        long percent = progress.totalBytes() == 0 ? 100 : progress.doneBytes() * 100 / progress.totalBytes();
        StringBuilder text = new StringBuilder(progress.activity()).append(' ');
        if (bar) {
            int filled = (int) (percent * BAR / 100);
            text.append('[')
                    .append("#".repeat(filled))
                    .append(".".repeat(BAR - filled))
                    .append("] ");
        }
        text.append(percent)
                .append("% ")
                .append(ByteSize.format(progress.doneBytes()))
                .append('/')
                .append(ByteSize.format(progress.totalBytes()));
        if (progress.bytesPerSecond() > 0) {
            text.append(", ").append(ByteSize.format(progress.bytesPerSecond())).append("/s");
        }
        progress.remaining()
                .filter(left -> progress.doneBytes() < progress.totalBytes())
                .ifPresent(left ->
                        text.append(", ").append(DurationText.format(left)).append(" left"));
        return text.toString();
    }
}
