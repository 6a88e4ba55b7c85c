package dev.agentmemory;

import java.util.Objects;

/**
 * Immutable and thread-safe: a memory reached from another by following links.
 *
 * @param memory the memory reached
 * @param depth how many links were followed, 1 for a direct neighbour
 * @param via the link by which it was first reached
 */
public record Neighbour(Memory memory, int depth, Link via) {
    /** Checks the fields. */
    public Neighbour {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(via, "via");
    }
}
