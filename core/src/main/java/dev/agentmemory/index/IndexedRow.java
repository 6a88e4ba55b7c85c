package dev.agentmemory.index;

import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;

/**
 * Immutable and thread-safe: what the search index keeps of a memory besides its vector: what a
 * scan reads to skip or filter it. The content and the rest of the memory stay in the database;
 * a search reads them for its best matches only.
 *
 * @param id the memory's id
 * @param metadata its metadata, which filters read
 * @param createdMicros when it was created, in epoch micros, as time filters compare it
 * @param updatedMicros when it was last changed, in epoch micros
 * @param expiresMicros when it expires, in epoch micros, or {@code Long.MAX_VALUE} for never
 * @param version the memory's version, with {@code updatedMicros} what tells a search whether the
 *     row it reads from the database is still the one whose vector the index holds
 */
public record IndexedRow(MemoryId id, Metadata metadata, long createdMicros, long updatedMicros,
        long expiresMicros, long version) {

    /** A row of version 0, for indexes built without a database. */
    public IndexedRow(MemoryId id, Metadata metadata, long createdMicros, long updatedMicros, long expiresMicros) {
        this(id, metadata, createdMicros, updatedMicros, expiresMicros, 0);
    }

    /**
     * What the index keeps of {@code m}.
     *
     * @throws ArithmeticException if a timestamp is too far from the epoch for a long of micros
     */
    public static IndexedRow of(Memory m) {
        return new IndexedRow(m.id(), m.metadata(), FilterEvaluator.micros(m.createdAt()),
                FilterEvaluator.micros(m.updatedAt()),
                m.expiresAt().map(FilterEvaluator::micros).orElse(Long.MAX_VALUE), m.version());
    }

    /** A row with no metadata that never expires, for indexes built without a database. */
    public static IndexedRow bare(MemoryId id) {
        return new IndexedRow(id, Metadata.empty(), 0, 0, Long.MAX_VALUE);
    }
}
