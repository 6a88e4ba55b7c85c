package dev.agentmemory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Thread-safe: share one instance. The store's operations as {@link CompletableFuture}s, for
 * asynchronous web frameworks, from {@link MemoryStore#async()}.
 *
 * <p>Each operation runs the store's synchronous operation on a bounded executor owned by the
 * store (see {@link StoreConfig.Builder#async(int, int)}); the task borrows its own connection
 * on the thread that runs it and returns it before the future completes, so the thread-safety
 * contract holds as for direct calls. When the executor's queue is full, the returned future
 * fails at once with a {@link MemoryStoreException} of code {@link ErrorCode#OVERLOADED}:
 * back-pressure instead of an unbounded backlog. Futures fail with the exceptions the
 * synchronous operations throw. Cancelling a future never interrupts a running task (an
 * interrupt inside some databases' file I/O loses data); it only stops a queued one from
 * starting.
 */
public interface AsyncMemoryStore {

    /** An asynchronous view of a namespace, writing with the default options. */
    AsyncNamespace namespace(String tenant, String namespace);

    /** An asynchronous view of a namespace, writing with {@code options}. */
    AsyncNamespace namespace(String tenant, String namespace, NamespaceOptions options);

    /** {@link MemoryStore#search(String, List, Search)}, asynchronously. */
    CompletableFuture<List<Match>> search(String tenant, List<String> namespaces, Search search);

    /**
     * Runs any work against the store on the executor, for operations without a method here
     * (conversations, transactions).
     */
    <T> CompletableFuture<T> call(Function<MemoryStore, T> work);

    /** Tasks waiting in the queue now. */
    int queued();

    /** The most tasks the queue holds. */
    int queueCapacity();

    /** Thread-safe: share one instance. A namespace's operations as futures; see {@link Namespace}. */
    interface AsyncNamespace {
        /** {@link Namespace#put}, asynchronously. */
        CompletableFuture<MemoryId> put(MemoryDraft draft);

        /** {@link Namespace#putAll}, asynchronously. */
        CompletableFuture<List<MemoryId>> putAll(List<MemoryDraft> drafts);

        /** {@link Namespace#get}, asynchronously. */
        CompletableFuture<java.util.Optional<Memory>> get(MemoryId id);

        /** {@link Namespace#update}, asynchronously. */
        CompletableFuture<Memory> update(MemoryId id, long expectedVersion, MemoryDraft replacement);

        /** {@link Namespace#delete}, asynchronously. */
        CompletableFuture<Boolean> delete(MemoryId id);

        /** {@link Namespace#count()}, asynchronously. */
        CompletableFuture<Long> count();

        /** {@link Namespace#list}, asynchronously. */
        CompletableFuture<Page<Memory>> list(ListQuery query);

        /** {@link Namespace#search}, asynchronously. */
        CompletableFuture<List<Match>> search(Search search);
    }
}
