package dev.agentmemory.internal;

import dev.agentmemory.AsyncMemoryStore;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.Namespace;
import dev.agentmemory.NamespaceOptions;
import dev.agentmemory.Page;
import dev.agentmemory.Search;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.StoreClosedException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Thread-safe: share one instance. The asynchronous view: a bounded executor that runs the
 * store's synchronous operations.
 *
 * <p>Threads start on demand and end after a minute idle. A full queue fails the call at once
 * with {@link ErrorCode#OVERLOADED}, and so does a task that waited in the queue longer than
 * {@link StoreConfig.Async#maxQueueWait()} when its turn comes (it does not run). The executor
 * is shut down, never {@code shutdownNow}:
 * a running task is never interrupted.
 */
final class DefaultAsyncMemoryStore implements AsyncMemoryStore {
    private final MemoryStore store;
    private final ThreadPoolExecutor pool;
    private final int capacity;
    private final long maxWaitNanos;

    DefaultAsyncMemoryStore(MemoryStore store, StoreConfig.Async settings) {
        this.store = store;
        int threads = settings.threads();
        this.capacity = settings.queueCapacity();
        this.maxWaitNanos = settings.maxQueueWait().toNanos();
        AtomicInteger n = new AtomicInteger();
        String name = store.describe();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity), r -> {
                    Thread t = new Thread(r, "agent-memory-async-" + n.incrementAndGet() + " [" + name + "]");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    private <T> CompletableFuture<T> submit(String op, Supplier<T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        if (store.isClosed()) {
            // Not queued behind the tasks close is draining: the closed error at once.
            future.completeExceptionally(closed(op));
            return future;
        }
        long queuedAt = System.nanoTime();
        try {
            pool.execute(() -> {
                if (future.isDone()) {
                    return; // cancelled while queued
                }
                if (store.isClosed()) {
                    future.completeExceptionally(closed(op));
                    return;
                }
                long waited = System.nanoTime() - queuedAt;
                if (waited > maxWaitNanos) {
                    future.completeExceptionally(new MemoryStoreException(ErrorCode.OVERLOADED, "[" + store.describe()
                            + "] " + op + " refused: it waited " + TimeUnit.NANOSECONDS.toMillis(waited) + " ms in the"
                            + " async queue, longer than maxQueueWait (" + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos)
                            + " ms); back off and retry, or size StoreConfig.Builder.async for the load"));
                    return;
                }
                try {
                    future.complete(work.get());
                } catch (Throwable t) {
                    future.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(store.isClosed() || pool.isShutdown() ? closed(op)
                    : new MemoryStoreException(ErrorCode.OVERLOADED, "[" + store.describe() + "] " + op + " refused:"
                            + " the async executor is full (" + pool.getActiveCount() + " running, "
                            + pool.getQueue().size() + " queued of " + capacity + "); back off and retry, or raise"
                            + " StoreConfig.Builder.async"));
        }
        return future;
    }

    private StoreClosedException closed(String op) {
        return new StoreClosedException("[" + store.describe() + "] " + op + " failed: the store is closed; open a new"
                + " store to continue");
    }

    @Override
    public AsyncNamespace namespace(String tenant, String namespace) {
        return namespace(tenant, namespace, NamespaceOptions.defaults());
    }

    @Override
    public AsyncNamespace namespace(String tenant, String namespace, NamespaceOptions options) {
        Namespace ns = store.namespace(tenant, namespace, options);
        return new AsyncNamespace() {
            @Override
            public CompletableFuture<MemoryId> put(MemoryDraft draft) {
                return submit("put", () -> ns.put(draft));
            }

            @Override
            public CompletableFuture<List<MemoryId>> putAll(List<MemoryDraft> drafts) {
                return submit("putAll", () -> ns.putAll(drafts));
            }

            @Override
            public CompletableFuture<Optional<Memory>> get(MemoryId id) {
                return submit("get", () -> ns.get(id));
            }

            @Override
            public CompletableFuture<Memory> update(MemoryId id, long expectedVersion, MemoryDraft replacement) {
                return submit("update", () -> ns.update(id, expectedVersion, replacement));
            }

            @Override
            public CompletableFuture<Boolean> delete(MemoryId id) {
                return submit("delete", () -> ns.delete(id));
            }

            @Override
            public CompletableFuture<Long> count() {
                return submit("count", ns::count);
            }

            @Override
            public CompletableFuture<Page<Memory>> list(ListQuery query) {
                return submit("list", () -> ns.list(query));
            }

            @Override
            public CompletableFuture<List<Match>> search(Search search) {
                return submit("search", () -> ns.search(search));
            }

            @Override
            public String toString() {
                return "AsyncNamespace[" + tenant + "/" + namespace + " in " + store.describe() + "]";
            }
        };
    }

    @Override
    public CompletableFuture<List<Match>> search(String tenant, List<String> namespaces, Search search) {
        return submit("search", () -> store.search(tenant, namespaces, search));
    }

    @Override
    public <T> CompletableFuture<T> call(Function<MemoryStore, T> work) {
        return submit("call", () -> work.apply(store));
    }

    @Override
    public int queued() {
        return pool.getQueue().size();
    }

    @Override
    public int queueCapacity() {
        return capacity;
    }

    /**
     * Stops taking tasks and waits until {@code deadline} (a {@link System#nanoTime()} value)
     * for those queued and running; the store's gate is closed already, so queued tasks fail at
     * once with the closed error when they come to run.
     */
    void close(long deadline) {
        pool.shutdown();
        try {
            pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
