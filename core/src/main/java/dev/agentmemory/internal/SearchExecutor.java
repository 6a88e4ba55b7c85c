package dev.agentmemory.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread-safe: share one instance. The bounded pool that runs the per-namespace parts of a
 * multi-namespace search.
 *
 * <p>When its queue is full the caller runs the task itself: back-pressure instead of an
 * unbounded backlog. So does a task submitted after the pool was shut down (a search that
 * started before the store closed): {@code CallerRunsPolicy} would silently discard it then,
 * and its caller would wait for ever on a future nobody completes. Each task borrows its own connection on the thread that runs it. It is
 * never interrupted ({@code shutdown}, not {@code shutdownNow}): an interrupt inside some
 * drivers' file I/O closes the file and loses committed data.
 */
final class SearchExecutor implements AutoCloseable {
    private final ThreadPoolExecutor pool;

    SearchExecutor(int threads, String storeName) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "agent-memory-search-" + n.incrementAndGet() + " [" + storeName + "]");
            t.setDaemon(true);
            return t;
        };
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(threads * 64), factory, (task, executor) -> task.run());
        pool.allowCoreThreadTimeOut(true);
    }

    <T> Future<T> submit(Callable<T> task) {
        return pool.submit(task);
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
