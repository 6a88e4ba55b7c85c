package dev.agentmemory.spi;

import dev.agentmemory.Filter;
import dev.agentmemory.Link;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryVersion;
import dev.agentmemory.Message;
import dev.agentmemory.Neighbourhood;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalInt;

/**
 * Confined to the calling thread: the storage operations available inside one transaction.
 *
 * <p>Valid only during the {@link SessionWork} it was handed to, on that thread; an
 * implementation must throw {@link IllegalStateException} naming the owner thread when used
 * from another thread or afterwards, before touching the database. Every method takes the
 * tenant, and no statement may read or write rows of another tenant.
 *
 * <p>Expiry: {@link #find}, {@link #findIds}, {@link #list} and {@link #count} never return or
 * count a memory whose expiry is at or before the store clock's now (the clock of the
 * {@link dev.agentmemory.StoreConfig} the engine was opened with). Change batches include
 * them: the search index checks expiry itself.
 */
public interface StorageSession {

    /** Creates the namespace row (counter 0, no dimension) if it does not exist. */
    void ensureNamespace(String tenant, String namespace);

    /**
     * Adds {@code count} to the namespace's change counter and returns the new value, locking
     * the namespace row until the transaction ends, which orders commits within a namespace.
     *
     * @return the new counter value; the caller owns the values {@code (result - count, result]};
     *     0 if the namespace does not exist (nothing is locked then)
     */
    long advanceSequence(String tenant, String namespace, int count);

    /**
     * Creates the namespace row if it does not exist and advances its change counter by
     * {@code count}, locking the row as {@link #advanceSequence} does, and returns the new value
     * with the namespace's dimension. A backend may do this in one statement (an upsert that
     * returns the row); the default makes the three calls it replaces.
     *
     * @throws IllegalArgumentException if {@code count} is less than 1
     * @throws IllegalStateException if the session belongs to a read transaction, or is used
     *     from another thread or after its callback returned
     */
    default NamespaceCounter advanceCreating(String tenant, String namespace, int count) {
        ensureNamespace(tenant, namespace);
        long sequence = advanceSequence(tenant, namespace, count);
        return new NamespaceCounter(sequence, dimension(tenant, namespace));
    }

    /** The namespace's change counter, 0 if the namespace does not exist. */
    long currentSequence(String tenant, String namespace);

    /** The embedding dimension the namespace was fixed to, empty if none yet. */
    OptionalInt dimension(String tenant, String namespace);

    /** Fixes the namespace's embedding dimension. */
    void setDimension(String tenant, String namespace, int dimension);

    /** Inserts new memories with their metadata, in one batch. */
    void insert(List<StoredMemory> rows);

    /**
     * Reads memories by id.
     *
     * @param namespace the namespace, or null for any namespace of the tenant
     * @return the rows found, in no particular order
     */
    List<StoredMemory> find(String tenant, String namespace, Collection<MemoryId> ids);

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

    /**
     * The ids of the memories matching {@code filter}, in id order.
     *
     * @param filter validated by core, or null for all
     */
    List<MemoryId> findIds(String tenant, String namespace, Filter filter);

    /**
     * One page of memories in id order.
     *
     * @param filter validated by core, or null for all
     * @param after only ids greater than this, or null from the start
     * @param limit at most this many
     */
    List<StoredMemory> list(String tenant, String namespace, Filter filter, MemoryId after, int limit);

    /**
     * The number of memories matching {@code filter}.
     *
     * @param filter validated by core, or null for all
     */
    long count(String tenant, String namespace, Filter filter);

    /**
     * Everything that changed after {@code afterSeq}, with the counter, from one snapshot.
     * With {@code afterSeq} 0 this is a full load and needs no tombstones.
     */
    ChangeBatch changesSince(String tenant, String namespace, long afterSeq);

    // ---- deduplication, explicit ids and expiry

    /**
     * The memories of the namespace whose content hash is one of {@code hashes}, expired ones
     * included; each returned with its hash.
     */
    List<StoredMemory> findByContentHash(String tenant, String namespace, Collection<String> hashes);

    /** The memories with these ids in any namespace of the tenant, expired ones included. */
    List<StoredMemory> findAnyState(String tenant, Collection<MemoryId> ids);

    /** Up to {@code limit} memories of any tenant whose expiry is at or before {@code nowMicros}. */
    List<MemoryRef> findExpired(long nowMicros, int limit);

    // ---- history

    /**
     * Copies the current state of memories (with their metadata) into the history, before an
     * update or delete replaces it.
     *
     * @param firstSeq the seq of the write that replaces the first id; the i-th id gets {@code firstSeq + i}
     * @param deleted true if a delete removes them, false if an update replaces them
     */
    void archive(String tenant, String namespace, List<MemoryId> ids, long firstSeq, boolean deleted);

    /** Deletes all but the newest {@code keep} history entries of a memory. */
    void trimHistory(String tenant, MemoryId id, int keep);

    /** The history entries of a memory in the namespace, newest first. */
    List<MemoryVersion> history(String tenant, String namespace, MemoryId id);

    // ---- links

    /** Creates a link, or changes the weight and time of the same (from, type, to) link. */
    void link(String tenant, Link link);

    /** Removes a link; false if there was none. */
    boolean unlink(String tenant, MemoryId from, String type, MemoryId to);

    /**
     * The links touching any of {@code ids} in the given direction.
     *
     * @param types the link types to follow; empty for every type
     */
    List<Link> links(String tenant, Collection<MemoryId> ids, Set<String> types,
            Neighbourhood.Direction direction);

    // ---- conversations

    /**
     * Adds {@code count} to the conversation's message counter, creating the conversation if
     * needed, and returns the new value, locking the conversation's row until the transaction
     * ends, which orders appends by commit.
     */
    long advanceConversation(String tenant, String sessionId, int count);

    /** Inserts messages (their seq already assigned). */
    void insertMessages(String tenant, String sessionId, List<Message> messages);

    /** The message with this id, if stored. */
    Optional<Message> findMessage(String tenant, String sessionId, MemoryId messageId);

    /** The last {@code n} messages, oldest first. */
    List<Message> lastMessages(String tenant, String sessionId, int n);

    /** The number of messages. */
    long countMessages(String tenant, String sessionId);

    /** Deletes every message and the conversation's counter; returns the number of messages deleted. */
    long clearConversation(String tenant, String sessionId);
}
