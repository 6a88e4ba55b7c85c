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

    /** The options this view writes with: deduplication, near-duplicates, default time to live. */
    NamespaceOptions options();

    /**
     * Stores a new memory.
     *
     * <p>A draft without an embedding is embedded by the store's {@link Embedder}. With exact
     * deduplication on (the default, see {@link NamespaceOptions}), content the namespace
     * already holds is not stored again: the existing memory's id is returned, also when many
     * threads put the same content at once. A near-duplicate policy may return, merge into or
     * refuse a close existing memory.
     *
     * @return its id, or the id of the memory that already held this content
     * @throws ValidationException if the draft breaks a limit, has no embedding and the store
     *     no embedder, its dimension differs from the namespace's, its chosen id is taken
     *     ({@link ErrorCode#ALREADY_EXISTS}) or the near-duplicate policy refuses it
     *     ({@link ErrorCode#NEAR_DUPLICATE}); nothing is stored
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
     * {@code expectedVersion}; the version then grows by one, and the previous version goes to
     * the {@link #history}. The expiry stays unless the replacement sets one.
     *
     * @return the memory as written
     * @throws VersionConflictException if another write got there first
     * @throws MemoryNotFoundException if the memory does not exist in this namespace
     * @throws ValidationException if the draft is invalid
     */
    Memory update(MemoryId id, long expectedVersion, MemoryDraft replacement);

    /**
     * Deletes a memory, with its links; its last version goes to the {@link #history}, and a
     * tombstone (its id and the change number) is left for the search indexes. To remove every
     * trace, {@link #erase} it.
     *
     * @return true if it existed
     */
    boolean delete(MemoryId id);

    /**
     * Erases a memory: removes it with everything that records it (its earlier versions in the
     * {@link #history}, its metadata, the links from and to it, the tombstone a delete left), so
     * that nothing of it is left in the database; it works after {@link #delete} too, which keeps
     * the history. The search indexes of every store instance on the database drop it: each
     * reloads this namespace on its next search, so erasure is for requests to be forgotten, not
     * for routine deletes.
     *
     * @return true if anything of the memory was in this namespace
     * @throws ValidationException if the id is null
     */
    boolean erase(MemoryId id);

    /**
     * Restores memories as they were exported from a store: their ids, content, embeddings,
     * metadata, expiry, created and updated times and versions are kept (a {@link #put} sets
     * them anew). For importing data, not for application writes: a restored memory has no
     * history, and its times are trusted as given. Idempotent by id: memories whose id this
     * namespace holds are skipped, so an import run again writes only what is missing. All of
     * the batch is written in one transaction, or none.
     *
     * <p>With exact deduplication on in this view's {@link NamespaceOptions}, content the
     * namespace holds under another id is refused; restore through a view with
     * {@code exactDedup(false)} to keep such copies.
     *
     * @param memories of this view's tenant and namespace, one dimension, at most
     *     {@link Limits#maxBatchSize()}
     * @return the number written
     * @throws ValidationException if a memory is invalid, of another tenant or namespace, its
     *     dimension differs from the namespace's, or its id is held by another namespace
     *     ({@link ErrorCode#ALREADY_EXISTS}); nothing is written
     */
    int restore(List<Memory> memories);

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

    /**
     * The earlier versions of a memory of this namespace, newest first: one per update and one
     * for its delete, bounded by {@link StoreConfig#historyVersions()}. Works after the memory
     * was deleted.
     */
    List<MemoryVersion> history(MemoryId id);

    /**
     * Links a memory of this namespace to a memory of any namespace of the same tenant. Linking
     * the same pair with the same type again changes the weight.
     *
     * @param type what the link means; an identifier
     * @param weight a finite number
     * @return the link
     * @throws MemoryNotFoundException if {@code from} is not a live memory of this namespace or
     *     {@code to} not one of this tenant (memories of other tenants are never found)
     * @throws ValidationException if the type or weight is invalid
     */
    Link link(MemoryId from, MemoryId to, String type, double weight);

    /**
     * Removes a link.
     *
     * @return true if it existed
     */
    boolean unlink(MemoryId from, MemoryId to, String type);

    /** The links from and to a memory of this namespace, oldest first. */
    List<Link> links(MemoryId id);

    /**
     * The memories linked to a memory of this namespace, nearest first, found by a bounded
     * breadth-first walk over links; they may live in any namespace of the tenant.
     *
     * @throws MemoryNotFoundException if the center is not a live memory of this namespace
     * @throws ValidationException if the depth, limit or a type is invalid
     */
    List<Neighbour> neighbours(Neighbourhood neighbourhood);
}
