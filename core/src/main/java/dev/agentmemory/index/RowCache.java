package dev.agentmemory.index;

import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe: searches add to it concurrently, the index's writer removes from it. The
 * memories (without their embeddings) that a namespace's searches read from the database,
 * so that the next search whose best candidates are among them needs no read: a small
 * namespace searched again and again answers from the heap, as it did when the index held
 * whole rows.
 *
 * <p>An entry is only a hint: a search uses it when its version and update time are those
 * the freshly refreshed index holds for the memory (so it is the database's row as of the
 * refresh, as a read would have returned it), and reads the memory otherwise. The index
 * removes the entries of memories it deletes or changes, and every entry on a full load.
 *
 * <p>It holds at most {@link #capacity()} memories and weighs them ({@link #bytes()}) into
 * the index's weight, so the store's index budget bounds it too.
 */
final class RowCache {
    /** What an entry costs besides its content and metadata: the memory, its id, two instants, a map node. */
    static final long ENTRY_BYTES = 56 + 32 + 2 * 24 + 48 + 40;

    private static final float[] NO_EMBEDDING = new float[0];

    private final int capacity;
    private final ConcurrentHashMap<MemoryId, Memory> rows = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    /** @param capacity the most memories kept; 0 keeps none */
    RowCache(int capacity) {
        this.capacity = capacity;
    }

    /** The cached memory of {@code id} if it has this version and update time, else null. */
    Memory get(MemoryId id, long version, long updatedMicros) {
        Memory m = rows.get(id);
        if (m == null || m.version() != version || FilterEvaluator.micros(m.updatedAt()) != updatedMicros) {
            return null;
        }
        return m;
    }

    /** Keeps {@code m} (its embedding dropped) unless the cache is full; replaces an older entry of its id. */
    void put(Memory m) {
        if (capacity == 0 || (rows.size() >= capacity && !rows.containsKey(m.id()))) {
            return;
        }
        Memory bare = m.dimension() == 0 ? m : new Memory(m.id(), m.tenant(), m.namespace(), m.content(),
                NO_EMBEDDING, m.metadata(), m.createdAt(), m.updatedAt(), m.version(), m.expiresAt().orElse(null));
        Memory before = rows.put(m.id(), bare);
        bytes.addAndGet(weight(bare) - (before == null ? 0 : weight(before)));
    }

    /** Forgets the memory of {@code id}, if cached. */
    void remove(MemoryId id) {
        Memory before = rows.remove(id);
        if (before != null) {
            bytes.addAndGet(-weight(before));
        }
    }

    /** Forgets every memory. */
    void clear() {
        for (MemoryId id : rows.keySet()) {
            remove(id);
        }
    }

    /** The most memories kept. */
    int capacity() {
        return capacity;
    }

    /** The number of memories cached. */
    int size() {
        return rows.size();
    }

    /** The estimated heap of the cached memories. */
    long bytes() {
        return bytes.get();
    }

    private static long weight(Memory m) {
        // Content as two bytes a character: an upper bound, whatever the string's coder.
        return ENTRY_BYTES + 40 + 2L * m.content().length() + MetadataWeight.of(m.metadata());
    }
}
