package dev.agentmemory;

import java.util.Optional;

/**
 * Confined to the calling thread: the operations of one atomic unit of work within a tenant.
 *
 * <p>A transaction is handed to a {@link TransactionCallback} by
 * {@link MemoryStore#inTransaction} and is valid only inside that callback, on the thread
 * that called {@code inTransaction}. Used from another thread, or after the callback
 * returned, every method throws {@link IllegalStateException} naming the owner thread; the
 * database is never touched in that case.
 */
public interface Transaction {

    /** The tenant this transaction works in. */
    String tenant();

    /**
     * Stores a new memory in {@code namespace}, with the default {@link NamespaceOptions}
     * (exact deduplication on: content the namespace holds returns the existing id).
     *
     * @return the new memory's id, or the id of the memory that already held this content
     * @throws ValidationException if the namespace or draft is invalid
     * @throws IllegalStateException if used outside the callback or from another thread
     */
    MemoryId put(String namespace, MemoryDraft draft);

    /**
     * Stores a new memory in {@code namespace}, deduplicating as {@code options} say (see
     * {@link Namespace#put}).
     *
     * @return the new memory's id, or the id of the memory a deduplication rule chose
     * @throws ValidationException if the namespace, draft or options are invalid, or a
     *     near-duplicate policy refuses the draft
     * @throws IllegalStateException if used outside the callback or from another thread
     */
    MemoryId put(String namespace, MemoryDraft draft, NamespaceOptions options);

    /**
     * Reads a memory of this tenant, in any namespace, as this transaction sees it.
     *
     * @throws IllegalStateException if used outside the callback or from another thread
     */
    Optional<Memory> get(MemoryId id);

    /**
     * Replaces a memory's content, embedding and metadata if its version is {@code expectedVersion}.
     *
     * @return the memory as written
     * @throws VersionConflictException if the stored version differs
     * @throws MemoryNotFoundException if the memory does not exist in this tenant
     * @throws ValidationException if the draft is invalid
     * @throws IllegalStateException if used outside the callback or from another thread
     */
    Memory update(MemoryId id, long expectedVersion, MemoryDraft replacement);

    /**
     * Deletes a memory of this tenant.
     *
     * @return true if it existed
     * @throws IllegalStateException if used outside the callback or from another thread
     */
    boolean delete(MemoryId id);

    /**
     * Links a memory to another of the same tenant; see {@link Namespace#link}.
     *
     * @throws MemoryNotFoundException if either memory is not a live memory of this tenant
     * @throws ValidationException if the type or weight is invalid
     */
    Link link(MemoryId from, MemoryId to, String type, double weight);
}
