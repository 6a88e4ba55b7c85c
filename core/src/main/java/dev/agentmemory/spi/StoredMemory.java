package dev.agentmemory.spi;

import dev.agentmemory.Memory;
import java.util.Objects;

/**
 * Immutable and thread-safe: a memory as stored, with the change-counter value of the write
 * that produced it.
 *
 * @param memory the memory
 * @param seq the namespace's change-counter value stamped on the row
 */
public record StoredMemory(Memory memory, long seq) {
    /** Checks the memory. */
    public StoredMemory {
        Objects.requireNonNull(memory, "memory");
    }
}
