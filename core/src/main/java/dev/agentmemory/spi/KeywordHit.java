package dev.agentmemory.spi;

import dev.agentmemory.MemoryId;
import java.util.Objects;

/**
 * Immutable and thread-safe: one memory found by a keyword search and its score in the
 * backend's full-text ranking (higher is better; comparable only within one search).
 *
 * @param id the memory
 * @param score its keyword score, higher is better
 */
public record KeywordHit(MemoryId id, double score) {
    /** Checks the id. */
    public KeywordHit {
        Objects.requireNonNull(id, "id");
    }
}
