package dev.agentmemory;

import java.time.Instant;
import java.util.Objects;

/**
 * Immutable and thread-safe: a typed, weighted, directed link between two memories of one
 * tenant.
 *
 * @param from the memory the link starts at
 * @param to the memory it points to
 * @param type what the link means, for example {@code follows} or {@code mentions}; an identifier
 * @param weight how strong the link is; a finite number
 * @param createdAt when it was made (or last re-made with another weight)
 */
public record Link(MemoryId from, MemoryId to, String type, double weight, Instant createdAt) {
    /** Checks the fields. */
    public Link {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The end of this link that is not {@code id}. */
    public MemoryId other(MemoryId id) {
        return from.equals(id) ? to : from;
    }
}
