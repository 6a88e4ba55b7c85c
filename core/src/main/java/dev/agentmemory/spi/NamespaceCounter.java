package dev.agentmemory.spi;

import java.util.OptionalInt;

/**
 * Immutable and thread-safe: a namespace's change counter just after a write advanced it, with
 * the embedding dimension the namespace holds, read in the same step
 * ({@link MemoryWriter#advanceCreating}).
 *
 * @param sequence the new counter value; the write owns the values {@code (sequence - count, sequence]}
 * @param dimension the dimension the namespace was fixed to, empty if none yet
 */
public record NamespaceCounter(long sequence, OptionalInt dimension) {
    /**
     * @throws IllegalArgumentException if {@code sequence} is not positive
     * @throws NullPointerException if {@code dimension} is null
     */
    public NamespaceCounter {
        if (sequence < 1) {
            throw new IllegalArgumentException("an advanced counter is at least 1, got " + sequence);
        }
        java.util.Objects.requireNonNull(dimension, "dimension");
    }
}
