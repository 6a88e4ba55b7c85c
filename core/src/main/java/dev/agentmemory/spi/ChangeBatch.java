package dev.agentmemory.spi;

import dev.agentmemory.MemoryId;
import java.util.List;

/**
 * Immutable and thread-safe: what changed in a namespace after a given change-counter value,
 * read in one snapshot.
 *
 * @param sequence the namespace's counter in that snapshot (0 if the namespace does not exist)
 * @param upserts live memories whose seq is above the given value
 * @param deletions memories deleted (tombstones) with a seq above the given value
 * @param incarnation the namespace's incarnation in that snapshot (see {@link FeedPosition}); 0 if
 *     the namespace does not exist
 */
public record ChangeBatch(long sequence, List<StoredMemory> upserts, List<MemoryId> deletions, long incarnation) {
    /** Copies the lists. */
    public ChangeBatch {
        upserts = List.copyOf(upserts);
        deletions = List.copyOf(deletions);
    }

    /**
     * A batch of a backend that keeps no incarnation: 1 while the namespace exists, 0 when it does
     * not, so an index still notices a namespace that went away.
     */
    public ChangeBatch(long sequence, List<StoredMemory> upserts, List<MemoryId> deletions) {
        this(sequence, upserts, deletions, sequence > 0 ? 1 : 0);
    }
}
