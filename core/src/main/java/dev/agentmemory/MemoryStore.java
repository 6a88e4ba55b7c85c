package dev.agentmemory;

import java.util.List;
import java.util.Map;

/**
 * Thread-safe: share one instance. The memory store: one object for the whole application,
 * used from any thread (request workers, executors, virtual threads) at once.
 *
 * <p>The thread-safety contract, in full in {@code docs/THREADING.md}:
 * <ol>
 *   <li>This object, every {@link Namespace} it hands out, and every public type whose
 *       javadoc does not say otherwise may be shared between threads.
 *   <li>No database connection outlives the call that borrowed it or crosses to another
 *       thread.
 *   <li>A {@link Transaction} is confined to the thread that opened it and dies with its
 *       callback; misuse throws {@link IllegalStateException} naming the owner thread.
 *   <li>Stale connections never reach the caller: transient failures of idempotent
 *       operations are retried.
 *   <li>A write acknowledged to one thread is visible to every later read and search on
 *       any thread, search index included.
 *   <li>{@link #close()} is idempotent, lets in-flight calls finish (bounded wait), then fails
 *       new calls with {@link StoreClosedException}.
 * </ol>
 *
 * <pre>{@code
 * try (MemoryStore store = MemoryStores.open("sqlite:./data/memories.db")) {
 *     Namespace notes = store.namespace("alice", "personal");
 *     MemoryId id = notes.put(MemoryDraft.of("Alice's team meets on Tuesdays").embedding(vector));
 *     List<Match> hits = notes.search(Search.vector(query).topK(5));
 * }
 * }</pre>
 */
public interface MemoryStore extends AutoCloseable {

    /**
     * A view of one namespace of one tenant. Cheap: call it per request if convenient.
     *
     * @throws ValidationException with {@link ErrorCode#INVALID_IDENTIFIER} if a name does not
     *     match {@link Limits#IDENTIFIER_PATTERN}
     * @throws StoreClosedException if the store is closed
     */
    Namespace namespace(String tenant, String namespace);

    /**
     * A view of one namespace of one tenant that writes with {@code options}.
     *
     * @throws ValidationException with {@link ErrorCode#INVALID_IDENTIFIER} if a name does not
     *     match {@link Limits#IDENTIFIER_PATTERN}
     * @throws StoreClosedException if the store is closed
     */
    Namespace namespace(String tenant, String namespace, NamespaceOptions options);

    /**
     * A view of one conversation (chat session) of one tenant. Cheap: call it per request.
     *
     * @throws ValidationException with {@link ErrorCode#INVALID_IDENTIFIER} if a name does not
     *     match {@link Limits#IDENTIFIER_PATTERN}
     * @throws StoreClosedException if the store is closed
     */
    Conversation conversation(String tenant, String sessionId);

    /**
     * A view of this store whose operations return {@link java.util.concurrent.CompletableFuture}s,
     * run on a bounded executor owned by the store; see {@link AsyncMemoryStore}.
     *
     * @throws StoreClosedException if the store is closed
     */
    AsyncMemoryStore async();

    /**
     * Deletes the memories that have expired, now, as the background purge does every
     * {@link StoreConfig#purgeInterval()}. Expired memories are invisible before they are
     * purged; this only frees their space.
     *
     * @return the number purged
     * @throws StoreClosedException if the store is closed
     * @throws StorageException if the backend fails after the store's retries
     */
    long purgeExpired();

    /**
     * Erases a namespace: every memory with its history, metadata, tombstones and links (links
     * from memories of other namespaces to it included), and the namespace row, so that nothing
     * of it is left in the database; the search indexes of every store instance drop it.
     *
     * <p>Resumable, not atomic: the namespace is erased in batches of a few hundred memories, each
     * its own transaction, so that a large namespace never holds the writer for the whole
     * erasure. Readers may see it partly erased meanwhile. If the call fails halfway, what was
     * erased stays erased; calling it again erases the rest. Memories written into the namespace
     * while it runs are erased too, unless they arrive after its last batch.
     *
     * @return the number of memories erased, live or deleted ones that left history or a tombstone
     * @throws ValidationException if a name is invalid
     * @throws StoreClosedException if the store is closed
     * @throws StorageException if the backend fails after the store's retries: call it again
     */
    long eraseNamespace(String tenant, String namespace);

    /**
     * Erases a tenant: every namespace as {@link #eraseNamespace} does, every conversation, then
     * every row of the tenant left in any table, so that nothing of it is left in the database.
     * Resumable, not atomic, for the reasons given there.
     *
     * @return the number of memories erased
     * @throws ValidationException if the tenant is invalid
     * @throws StoreClosedException if the store is closed
     * @throws StorageException if the backend fails after the store's retries: call it again
     */
    long eraseTenant(String tenant);

    /**
     * One page of the names of a tenant's namespaces, in ascending order: those that hold or held
     * memories (a namespace exists from its first write until it is erased).
     *
     * @param after the name to start after: null for the first page, then the page's
     *     {@link Page#nextCursor()}, which is the last name of the page
     * @param limit at most this many names, 1 to {@link Limits#maxPageSize()}
     * @throws ValidationException if the tenant or {@code after} is not an identifier, or the limit
     *     is out of range
     * @throws StoreClosedException if the store is closed
     * @throws StorageException if the backend fails after the store's retries
     */
    Page<String> namespaces(String tenant, String after, int limit);

    /**
     * One page of the session ids of a tenant's conversations, in ascending order; as
     * {@link #namespaces(String, String, int)}.
     *
     * @throws ValidationException if the tenant or {@code after} is not an identifier, or the limit
     *     is out of range
     * @throws StoreClosedException if the store is closed
     * @throws StorageException if the backend fails after the store's retries
     */
    Page<String> conversations(String tenant, String after, int limit);

    /**
     * The database's schema version and the verdict of the database's own integrity check
     * (SQLite's {@code PRAGMA integrity_check}; H2 and PostgreSQL have no such statement and
     * report {@link StoreCheck.Integrity#NOT_AVAILABLE} with what to use instead). The check reads
     * the whole database on SQLite: it takes a while on a large file.
     *
     * @throws StoreClosedException if the store is closed
     * @throws StorageException if the backend fails after the store's retries
     */
    StoreCheck check();

    /**
     * Searches several namespaces of one tenant in parallel and merges the matches by score.
     *
     * <p>Namespaces that do not exist yet contribute nothing; a namespace whose dimension
     * differs from the query's is an error.
     *
     * @return at most {@code search.topK()} matches, best first
     * @throws ValidationException if a name, the query vector, topK or the filter is invalid,
     *     or {@code namespaces} is empty ({@link ErrorCode#INVALID_ARGUMENT})
     * @throws StoreClosedException if the store is closed
     * @throws StorageException if the backend fails after the store's retries
     */
    List<Match> search(String tenant, List<String> namespaces, Search search);

    /**
     * Searches several namespaces of one tenant in parallel, each for its own number of matches,
     * and merges them by score: {@code Map.of("personal", 5, "academic", 2)} returns up to five
     * matches from {@code personal} and up to two from {@code academic}, so a namespace whose
     * best match scores below another namespace's fifth still shows its own. The query, metric,
     * minimum score and filter of {@code search} apply to every namespace; its
     * {@link Search#topK()} is not used.
     *
     * <p>Namespaces that do not exist yet contribute nothing; a namespace whose dimension
     * differs from the query's is an error.
     *
     * @param topKPerNamespace each namespace and the most matches it may contribute
     * @return at most the sum of the numbers, best first (ties by id); each namespace's part is
     *     that namespace's exact top-k
     * @throws ValidationException if a name, the query vector or the filter is invalid, a number
     *     is outside 1 to {@link Limits#maxTopK()} ({@link ErrorCode#LIMIT_EXCEEDED}), or the map
     *     is null or empty ({@link ErrorCode#INVALID_ARGUMENT})
     * @throws StoreClosedException if the store is closed
     * @throws StorageException if the backend fails after the store's retries
     */
    List<Match> search(String tenant, Map<String, Integer> topKPerNamespace, Search search);

    /**
     * Runs {@code work} atomically within one tenant: it commits when the callback returns and
     * rolls back, rethrowing, when it throws. The transaction is not retried automatically,
     * since the callback may have effects outside the store.
     *
     * <p>Inside the callback, write through the {@link Transaction} only: a write through the
     * store or a {@link Namespace} on the same thread would wait for the write lock the
     * transaction holds, so it is refused at once with {@link IllegalStateException}. Reads
     * through the store see the state before the transaction.
     *
     * <p>A transaction never runs the {@link Embedder}: inference inside it would hold the write
     * lock (on SQLite, the one writer connection every other writer waits for) for as long as
     * the model runs. Give its drafts their vectors before it starts, with
     * {@link #embedded(List)}; a draft without one is refused with
     * {@link ErrorCode#EMBEDDING_REQUIRED} when the store has an embedder.
     *
     * <p>Checked exceptions thrown by the callback are wrapped in a
     * {@link java.util.concurrent.CompletionException}; unchecked ones are rethrown as they are.
     *
     * @return what the callback returned
     * @throws ValidationException if the tenant or an argument inside is invalid
     * @throws StoreClosedException if the store is closed
     * @throws StorageException if the backend fails
     * @throws IllegalStateException if called inside another transaction callback on this thread
     */
    <T> T inTransaction(String tenant, TransactionCallback<T> work);

    /**
     * The drafts, those without an embedding given one of their content by the store's
     * {@link Embedder} in one batch; the others unchanged. This is how drafts get their vectors
     * before an {@link #inTransaction}, which does not run the embedder.
     *
     * @return the drafts in the same order
     * @throws ValidationException if the list is null, too long, or a content is empty or too long
     * @throws MemoryStoreException with {@link ErrorCode#EMBEDDER_FAILED} if the embedder fails
     * @throws IllegalStateException if called inside a transaction callback: call it before
     * @throws StoreClosedException if the store is closed
     */
    List<MemoryDraft> embedded(List<MemoryDraft> drafts);

    /** The backend and its location, for example {@code sqlite:./data/memories.db}. */
    String describe();

    /**
     * A snapshot of pools, operation counts and latencies, and index sizes.
     *
     * @throws StoreClosedException if the store is closed
     */
    StoreStats stats();

    /** True once {@link #close()} was called. */
    boolean isClosed();

    /**
     * Closes the store: new calls fail with {@link StoreClosedException}; calls in flight get
     * up to {@link StoreConfig#closeTimeout()} to finish; then the backend is closed.
     * Idempotent: later calls return at once.
     */
    @Override
    void close();
}
