package dev.agentmemory;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Thread-safe: share one instance. A view of one namespace of one tenant.
 *
 * <p>Getting one from {@link MemoryStore#namespace} is cheap and creates nothing; the
 * namespace comes into being with its first memory, which also fixes its embedding
 * dimension. Every method sees only this tenant's memories in this namespace.
 *
 * <p>Every method throws {@link StoreClosedException} once the store is closed and
 * {@link StorageException} when the backend fails after the store's retries. The writing
 * methods (put, putAll, update, delete, deleteWhere) throw {@link IllegalStateException} when
 * called inside a {@link MemoryStore#inTransaction} callback on the same thread: use the
 * {@link Transaction} there.
 */
public interface Namespace {

    /** The tenant. */
    String tenant();

    /** The namespace name. */
    String name();

    /**
     * Stores a new memory.
     *
     * @return its id
     * @throws ValidationException if the draft breaks a limit, has no embedding, or its
     *     dimension differs from the namespace's; nothing is stored
     */
    MemoryId put(MemoryDraft draft);

    /**
     * Stores several memories in one transaction: all of them or none.
     *
     * @return their ids, in the order of {@code drafts}
     * @throws ValidationException if any draft is invalid; nothing is stored
     */
    List<MemoryId> putAll(List<MemoryDraft> drafts);

    /** Reads one memory. */
    Optional<Memory> get(MemoryId id);

    /**
     * Reads several memories in one snapshot.
     *
     * @return the memories that exist, in the order of {@code ids}, without duplicates
     * @throws ValidationException with {@link ErrorCode#LIMIT_EXCEEDED} if there are more
     *     distinct ids than {@link Limits#maxPageSize()}: read them in several calls
     */
    List<Memory> getAll(Collection<MemoryId> ids);

    /**
     * Replaces a memory's content, embedding and metadata if its version is
     * {@code expectedVersion}; the version then grows by one.
     *
     * @return the memory as written
     * @throws VersionConflictException if another write got there first
     * @throws MemoryNotFoundException if the memory does not exist in this namespace
     * @throws ValidationException if the draft is invalid
     */
    Memory update(MemoryId id, long expectedVersion, MemoryDraft replacement);

    /**
     * Deletes a memory.
     *
     * @return true if it existed
     */
    boolean delete(MemoryId id);

    /**
     * Deletes every memory matching {@code filter}, atomically.
     *
     * @return the number deleted
     * @throws ValidationException if the filter is invalid
     */
    long deleteWhere(Filter filter);

    /** The number of memories. */
    long count();

    /**
     * The number of memories matching {@code filter}.
     *
     * @throws ValidationException if the filter is invalid
     */
    long count(Filter filter);

    /**
     * One page of memories, in id (creation) order.
     *
     * @throws ValidationException if the limit is out of range, the cursor is not one of
     *     this store's, or the filter is invalid
     */
    Page<Memory> list(ListQuery query);

    /**
     * The memories nearest to the query vector, best first.
     *
     * <p>Every write acknowledged before this call started, by any thread or any store
     * instance on the same database, is visible to it.
     *
     * @throws ValidationException if the query vector is invalid, its dimension differs
     *     from the namespace's, topK is out of range, or the filter is invalid
     */
    List<Match> search(Search search);
}
