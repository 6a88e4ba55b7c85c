package dev.agentmemory.embeddings.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Brute-force helper: workers on their own threads released by one latch, the first failure rethrown, bounded. */
final class Concurrently {

    interface Work {
        void run(int worker) throws Exception;
    }

    private Concurrently() {}

    /** Runs {@code work} on {@code threads} new threads at once; fails if one throws or any outlives {@code boundSeconds}. */
    static void run(int threads, long boundSeconds, Work work) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    work.run(worker);
                } catch (Throwable e) {
                    firstFailure.compareAndSet(null, e);
                }
            }, "worker-" + w);
            t.start();
            workers.add(t);
        }
        start.countDown();
        for (Thread t : workers) {
            t.join(TimeUnit.SECONDS.toMillis(boundSeconds));
            assertThat(t.isAlive()).as("%s is stuck", t.getName()).isFalse();
        }
        if (firstFailure.get() != null) {
            throw new AssertionError(firstFailure.get());
        }
    }
}
