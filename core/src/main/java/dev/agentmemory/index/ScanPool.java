package dev.agentmemory.index;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Thread-safe: share one instance per store. The bounded pool that helps scan one large
 * namespace: the array is cut into chunks, the caller and up to {@code threads - 1} helpers
 * claim chunks from a shared counter, and the caller merges the per-chunk results.
 *
 * <p>The caller always takes part, so a search never waits for a helper that has not started:
 * when the pool is busy the caller scans every chunk itself. Helpers only read arrays (no
 * database work), and the pool is stopped with {@code shutdown}, never interrupted.
 */
public final class ScanPool implements AutoCloseable {
    private final int threads;
    private final ThreadPoolExecutor pool;

    /**
     * A pool of {@code threads - 1} helpers (the caller is the last thread); none for 1 or less.
     *
     * @param storeName what the helper threads' names say they belong to
     * @throws IllegalArgumentException if {@code threads} is too large to size the helpers' queue
     */
    public ScanPool(int threads, String storeName) {
        this.threads = threads;
        if (threads <= 1) {
            this.pool = null;
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "agent-memory-scan-" + n.incrementAndGet() + " [" + storeName + "]");
            t.setDaemon(true);
            return t;
        };
        // A full queue discards the helper: the caller claims its chunks instead.
        this.pool = new ThreadPoolExecutor(threads - 1, threads - 1, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(threads * 4), factory, new ThreadPoolExecutor.DiscardPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /** The threads a scan may use, the caller included. */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code chunk.apply(i)} for every i in [0, chunks), on the caller and the helpers,
     * and returns the results by index.
     *
     * @throws RuntimeException the first failure of a chunk (an {@code Error} as it is)
     */
    public <T> List<T> run(int chunks, IntFunction<T> chunk) {
        Object[] results = new Object[chunks];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Object finished = new Object();
        Runnable worker = () -> {
            int i;
            while ((i = next.getAndIncrement()) < chunks) {
                Object r;
                try {
                    r = chunk.apply(i);
                } catch (Throwable t) {
                    r = new Failure(t);
                }
                synchronized (finished) {
                    results[i] = r;
                    if (done.incrementAndGet() == chunks) {
                        finished.notifyAll();
                    }
                }
            }
        };
        if (pool != null) {
            for (int h = 0; h < Math.min(threads - 1, chunks - 1); h++) {
                pool.execute(worker);
            }
        }
        worker.run();
        boolean interrupted = false;
        synchronized (finished) {
            // Every chunk is claimed now, by a thread that is running it: this wait is short.
            while (done.get() < chunks) {
                try {
                    finished.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (Object r : results) {
            if (r instanceof Failure f) {
                if (f.error() instanceof RuntimeException re) {
                    throw re;
                }
                if (f.error() instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(f.error());
            }
        }
        @SuppressWarnings("unchecked") // every slot holds a T: failures were thrown above
        List<T> typed = (List<T>) Arrays.asList(results);
        return typed;
    }

    private record Failure(Throwable error) {}

    /** Stops the helpers once their chunks are done; idempotent. Never interrupts them. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
