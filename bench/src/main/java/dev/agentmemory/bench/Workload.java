package dev.agentmemory.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Thread-safe: the 80% get / 20% put mix on N threads for a fixed time, with per-operation
 * latencies and errors counted. An implementation is a {@link Target}.
 */
final class Workload {
    /** One way of reaching the database; {@code get} and {@code put} are called from many threads. */
    interface Target extends AutoCloseable {
        /** Reads a row by key (one of the preloaded keys). */
        void get(int key) throws Exception;

        /** Inserts a new row. */
        void put(String id, String content, float[] embedding) throws Exception;

        @Override
        void close() throws Exception;
    }

    record Outcome(double opsPerSecond, double p50Micros, double p99Micros, long errors, String firstError) {}

    private Workload() {}

    static Outcome run(Target target, int threads, int preloaded, long millis, int dim) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        long[][] samples = new long[threads][];
        int[] counts = new int[threads];
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Thread[] workers = new Thread[threads];
        long[] deadline = new long[1];
        for (int t = 0; t < threads; t++) {
            int me = t;
            workers[t] = new Thread(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                ThreadLocalRandom r = ThreadLocalRandom.current();
                float[] v = new float[dim];
                for (int d = 0; d < dim; d++) {
                    v[d] = r.nextFloat();
                }
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (System.nanoTime() < deadline[0]) {
                    long t0 = System.nanoTime();
                    try {
                        if (r.nextInt(10) < 8) {
                            target.get(r.nextInt(preloaded));
                        } else {
                            target.put(java.util.UUID.randomUUID().toString(), "note " + t0, v);
                        }
                        if (n == lat.length) {
                            lat = java.util.Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = System.nanoTime() - t0;
                    } catch (Exception | Error e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                }
                samples[me] = lat;
                counts[me] = n;
            }, "bench-" + t);
            workers[t].start();
        }
        deadline[0] = System.nanoTime() + millis * 1_000_000;
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            if (samples[t] != null) {
                System.arraycopy(samples[t], 0, all, at, counts[t]);
                at += counts[t];
            }
        }
        return new Outcome(total / seconds, Stats.percentile(all, at, 50) / 1000.0,
                Stats.percentile(all, at, 99) / 1000.0, errors.get(), firstError.get());
    }
}
