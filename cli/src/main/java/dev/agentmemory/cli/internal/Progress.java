package dev.agentmemory.cli.internal;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Confined to the calling thread: a progress bar on stderr (stdout may carry an export), or
 * nothing when quiet.
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar for {@code max} steps named {@code task}, or a silent one if {@code quiet}. */
    public static Progress start(String task, long max, boolean quiet) {
        if (quiet) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(max).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build());
    }

    /** One step done. */
    public void step() {
        if (bar != null) {
            bar.step();
        }
    }

    /** Changes the number of steps, when it is found to differ. */
    public void max(long max) {
        if (bar != null) {
            bar.maxHint(max);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
