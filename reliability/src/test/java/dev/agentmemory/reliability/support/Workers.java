package dev.agentmemory.reliability.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Thread-safe: static methods only. Runs {@code threads} workers released together by a start
 * latch; the first failure is kept and rethrown; bounded by a timeout.
 */
public final class Workers {
    private Workers() {}

    /** One worker's body, given its number. */
    @FunctionalInterface
    public interface Body {
        /** Runs the worker. */
        void run(int worker) throws Exception;
    }

    /**
     * Runs the workers and waits for all of them.
     *
     * @throws AssertionError with the first failure as its cause, or if a worker is still running
     *     after {@code timeout}
     */
    public static void run(String name, int threads, Duration timeout, Body body) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> first = new AtomicReference<>();
        List<Thread> all = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int worker = i;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    body.run(worker);
                } catch (Throwable e) {
                    first.compareAndSet(null, e);
                }
            }, name + "-" + i);
            all.add(t);
            t.start();
        }
        start.countDown();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : all) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                throw new AssertionError(t.getName() + " still running after " + timeout, first.get());
            }
        }
        if (first.get() != null) {
            throw new AssertionError(name + ": a worker failed: " + first.get(), first.get());
        }
    }
}
