package dev.agentmemory.spi;

import dev.agentmemory.MemoryId;
import java.util.List;

/**
 * Confined to the calling thread: erasure, which removes data without leaving anything of it
 * behind (no history, no tombstone). Only a {@link WriteSession} has it.
 *
 * <p>Core erases a namespace or a tenant in batches, each in a write transaction of its own, so
 * that a large tenant never holds the writer for the whole erasure: {@link #traces} names the next
 * memories, {@link #erase} removes them, {@link #dropNamespace} removes the emptied namespace row,
 * {@link #eraseMessages} empties conversations and {@link #eraseTenantRows} sweeps what is left.
 * Every step is idempotent, so an erasure cut short is finished by running it again.
 *
 * <p>Search indexes of other store instances learn of an erasure through the namespace's
 * incarnation ({@link FeedPosition}): {@link #erase} gives the namespace a new one, and a
 * namespace row that is deleted and created again gets a new one too.
 */
public interface EraseWriter {

    /**
     * Up to {@code limit} ids of memories that have any trace in the namespace: a live row, a
     * history entry or a tombstone; in id order, expired memories included.
     */
    List<MemoryId> traces(String tenant, String namespace, int limit);

    /**
     * Removes every trace of these memories from the namespace: their rows and metadata, their
     * history entries with their metadata, their tombstones, the links from and to them (in any
     * namespace of the tenant) and the backend's derived rows (such as full-text entries). Then
     * advances the namespace's counter and gives it a new incarnation, locking its row as
     * {@link MemoryWriter#advanceSequence} does, so indexes elsewhere drop what they hold of it.
     * Ids without a trace are ignored.
     *
     * @return how many of {@code ids} had a trace
     */
    int erase(String tenant, String namespace, List<MemoryId> ids);

    /**
     * Deletes the namespace row, locking it first, if no memory, history entry or tombstone of the
     * namespace is left.
     *
     * @return true if the row is gone (deleted now or absent), false if something of the namespace
     *     is left (a write that came in meanwhile): erase again
     */
    boolean dropNamespace(String tenant, String namespace);

    /**
     * Deletes up to {@code limit} of the conversation's oldest messages and, once none is left, the
     * conversation row.
     *
     * @return the number of messages deleted; 0 when the conversation is gone
     */
    int eraseMessages(String tenant, String sessionId, int limit);

    /**
     * Deletes every row of the tenant that is left in every table of the backend (namespace rows
     * first, so that writers who arrive meanwhile wait and write after the sweep), derived rows
     * included: the last step of a tenant's erasure, after the batches left little.
     *
     * @return the number of rows deleted
     */
    long eraseTenantRows(String tenant);
}
