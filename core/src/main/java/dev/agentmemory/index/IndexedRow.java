package dev.agentmemory.index;

import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import java.time.Instant;

/**
 * Immutable and thread-safe: what the search index keeps of a memory besides its vector.
 *
 * @param id the memory's id
 * @param content its text, returned with a match
 * @param metadata its metadata, for filters and matches
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 * @param createdMicros {@code createdAt} in epoch micros, as filters compare it
 * @param updatedMicros {@code updatedAt} in epoch micros
 * @param version its version
 * @param expiresAt when it expires, or null for never
 */
public record IndexedRow(MemoryId id, String content, Metadata metadata, Instant createdAt, Instant updatedAt,
        long createdMicros, long updatedMicros, long version, Instant expiresAt) {

    /**
     * What the index keeps of {@code m}.
     *
     * @throws ArithmeticException if a timestamp is too far from the epoch for a long of micros
     */
    public static IndexedRow of(Memory m) {
        return new IndexedRow(m.id(), m.content(), m.metadata(), m.createdAt(), m.updatedAt(),
                FilterEvaluator.micros(m.createdAt()), FilterEvaluator.micros(m.updatedAt()), m.version(),
                m.expiresAt().orElse(null));
    }
}
