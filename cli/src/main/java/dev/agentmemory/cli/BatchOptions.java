package dev.agentmemory.cli;

import picocli.CommandLine.Option;

/** Confined to the calling thread: how the commands that write a store batch and report their work. */
public final class BatchOptions {
    @Option(names = "--batch", defaultValue = "500", description = "Memories per transaction, 1 to 10000 (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = {"--quiet", "-q"}, description = "No progress bar")
    boolean quiet;

    /** The batch size, checked. */
    int batch() {
        if (batch < 1 || batch > 10_000) {
            throw new IllegalArgumentException("--batch must be between 1 and 10000, got " + batch);
        }
        return batch;
    }
}
