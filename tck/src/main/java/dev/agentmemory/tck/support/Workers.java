package dev.agentmemory.tck.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Thread-safe: static methods only. Runs brute-force concurrent work and keeps the evidence.
 *
 * <p>Half the workers run on threads created for the purpose, the other half on a fixed
 * executor the store has never seen; all wait on one start latch, released only once every
 * worker is waiting on it (so a slow thread start does not turn a race into a queue). The
 * first unexpected failure is kept (later ones are added to it as suppressed) and rethrown as
 * an {@link AssertionError} after every worker stopped; a run that does not finish within the
 * timeout fails too.
 */
public final class Workers {
    private Workers() {}

    /** The work of one worker. */
    @FunctionalInterface
    public interface Work {
        /**
         * Runs worker {@code index}'s share.
         *
         * @throws Exception any unexpected failure, which fails the run
         */
        void run(int index) throws Exception;
    }

    /**
     * Runs {@code work} on {@code count} workers at once and waits for all of them.
     *
     * @throws AssertionError carrying the first failure, or if the run timed out
     */
    public static void run(String name, int count, Duration timeout, Work work) {
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger failures = new AtomicInteger();
        int onExecutor = count / 2;
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, onExecutor), named(name + "-pool"));
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                int index = i;
                Runnable task = () -> {
                    try {
                        ready.countDown();
                        start.await();
                        work.run(index);
                    } catch (Throwable t) {
                        failures.incrementAndGet();
                        if (!failure.compareAndSet(null, t) && failure.get() != t && failures.get() < 10) {
                            failure.get().addSuppressed(t);
                        }
                    } finally {
                        done.countDown();
                    }
                };
                if (i < onExecutor) {
                    executor.execute(task);
                } else {
                    Thread t = new Thread(task, name + "-thread-" + i);
                    t.setDaemon(true);
                    threads.add(t);
                    t.start();
                }
            }
            boolean allReady = ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            start.countDown();
            if (!allReady) {
                throw new AssertionError(name + ": " + ready.getCount() + " of " + count + " workers not started after "
                        + timeout.toMillis() + " ms");
            }
            boolean finished = done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (failure.get() != null) {
                throw new AssertionError(name + ": " + failures.get() + " of " + count
                        + " workers failed; the first failure: " + failure.get(), failure.get());
            }
            if (!finished) {
                throw new AssertionError(name + ": " + done.getCount() + " of " + count + " workers still running after "
                        + timeout.toMillis() + " ms (deadlock or starvation?)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(name + " was interrupted", e);
        } finally {
            executor.shutdown();
        }
    }

    /** A factory of daemon threads named {@code prefix-N}. */
    public static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
