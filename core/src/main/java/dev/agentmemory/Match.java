package dev.agentmemory;

import java.util.Objects;

/**
 * Immutable and thread-safe: a search result: a memory and its score (higher is closer).
 *
 * @param memory the memory
 * @param score its score under the search's {@link Metric}
 */
public record Match(Memory memory, double score) {
    /** Checks the memory. */
    public Match {
        Objects.requireNonNull(memory, "memory");
    }
}
