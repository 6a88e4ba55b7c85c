package dev.agentmemory.spi;

import dev.agentmemory.MemoryId;
import java.util.List;

/**
 * Confined to the calling thread: writes of memory rows and of a namespace's counter and
 * dimension. Only a {@link WriteSession} has them.
 */
public interface MemoryWriter {

    /** Creates the namespace row (counter 0, no dimension) if it does not exist. */
    void ensureNamespace(String tenant, String namespace);

    /**
     * Adds {@code count} to the namespace's change counter and returns the new value, locking
     * the namespace row until the transaction ends, which orders commits within a namespace.
     *
     * @return the new counter value; the caller owns the values {@code (result - count, result]};
     *     0 if the namespace does not exist (nothing is locked then)
     * @throws IllegalArgumentException if {@code count} is less than 1
     */
    long advanceSequence(String tenant, String namespace, int count);

    /**
     * Creates the namespace row if it does not exist and advances its change counter by
     * {@code count}, locking the row as {@link #advanceSequence} does, and returns the new value
     * with the namespace's dimension. A backend may do this in one statement (an upsert that
     * returns the row); {@link WriteSession} has a default that makes the three calls it replaces.
     *
     * @throws IllegalArgumentException if {@code count} is less than 1
     */
    NamespaceCounter advanceCreating(String tenant, String namespace, int count);

    /** Fixes the namespace's embedding dimension. */
    void setDimension(String tenant, String namespace, int dimension);

    /**
     * Inserts new memories with their metadata, in one batch. Every field is written as given:
     * created and updated times, version and expiry included, which is what a restore (an import
     * that keeps them) relies on.
     */
    void insert(List<StoredMemory> rows);

    /**
     * Replaces a memory's content, embedding, metadata, updated time, version and seq, if its
     * stored version is {@code expectedVersion}.
     *
     * @param row the new state (same id, tenant and namespace; created time unchanged)
     * @return false if no row had that version
     */
    boolean replace(StoredMemory row, long expectedVersion);

    /**
     * Deletes memories of one namespace with their metadata, and leaves a tombstone for each
     * one deleted, carrying seq {@code firstSeq + i} for the i-th id of {@code ids}.
     *
     * @return the number of memories deleted
     */
    int delete(String tenant, String namespace, List<MemoryId> ids, long firstSeq);
}
