package dev.agentmemory.spi;

import dev.agentmemory.Memory;
import java.util.Objects;

/**
 * Immutable and thread-safe: a memory as stored, with the change-counter value of the write
 * that produced it.
 *
 * @param memory the memory
 * @param seq the namespace's change-counter value stamped on the row
 * @param contentHash the hex SHA-256 of the content if the row takes part in deduplication
 *     (unique per namespace), or null; only meaningful when writing
 */
public record StoredMemory(Memory memory, long seq, String contentHash) {
    /** Checks the memory. */
    public StoredMemory {
        Objects.requireNonNull(memory, "memory");
    }

    /** A row that takes no part in deduplication, or one read back. */
    public StoredMemory(Memory memory, long seq) {
        this(memory, seq, null);
    }
}
