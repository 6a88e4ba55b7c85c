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
 */
public record ChangeBatch(long sequence, List<StoredMemory> upserts, List<MemoryId> deletions) {
    /** Copies the lists. */
    public ChangeBatch {
        upserts = List.copyOf(upserts);
        deletions = List.copyOf(deletions);
    }
}
