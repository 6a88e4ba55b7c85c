package dev.agentmemory.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Thread-safe: a get/put mix (80% get / 20% put by default, or gets only) on N threads for a
 * fixed time, with per-operation latencies and errors counted. An implementation is a
 * {@link Target}.
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

    /**
     * @param stuck operations still running when the cell's hard bound passed (their threads
     *     were abandoned; the cell's file is never used again)
     */
    record Outcome(double opsPerSecond, double p50Micros, double p99Micros, long errors, String firstError, int stuck) {}

    /** A worker's progress, published after every operation so a bounded cell can read it. */
    private static final class Progress {
        volatile long[] latencies = new long[1 << 16];
        volatile int count;
        volatile boolean busy;
    }

    private Workload() {}

    /**
     * Runs the mix for {@code millis}, then waits at most {@code graceMillis} for operations in
     * flight: a cell never takes longer than the two together. Workers are daemon threads, so
     * one stuck in the database (a WAL checkpoint on close) cannot hold up the run.
     */
    static Outcome run(Target target, int threads, int preloaded, long millis, int dim, long graceMillis)
            throws InterruptedException {
        return run(target, threads, preloaded, millis, dim, graceMillis, 80);
    }

    /**
     * As {@link #run(Target, int, int, long, int, long)}, with {@code getPercent} of the
     * operations gets (100: gets only) and the rest puts.
     */
    static Outcome run(Target target, int threads, int preloaded, long millis, int dim, long graceMillis,
            int getPercent) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        Progress[] progress = new Progress[threads];
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Thread[] workers = new Thread[threads];
        long[] deadline = new long[1];
        for (int t = 0; t < threads; t++) {
            Progress mine = new Progress();
            progress[t] = mine;
            workers[t] = new Thread(() -> {
                long[] lat = mine.latencies;
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
                    mine.busy = true;
                    try {
                        if (r.nextInt(100) < getPercent) {
                            target.get(r.nextInt(preloaded));
                        } else {
                            target.put(java.util.UUID.randomUUID().toString(), "note " + t0, v);
                        }
                        if (n == lat.length) {
                            lat = java.util.Arrays.copyOf(lat, n * 2);
                            mine.latencies = lat;
                        }
                        lat[n++] = System.nanoTime() - t0;
                        mine.count = n;
                    } catch (Exception | Error e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                    } finally {
                        mine.busy = false;
                    }
                }
            }, "bench-" + t);
            workers[t].setDaemon(true);
            workers[t].start();
        }
        deadline[0] = System.nanoTime() + millis * 1_000_000;
        long t0 = System.nanoTime();
        start.countDown();
        long bound = deadline[0] + graceMillis * 1_000_000;
        for (Thread w : workers) {
            long left = (bound - System.nanoTime()) / 1_000_000;
            if (left > 0) {
                w.join(left);
            }
        }
        double seconds = Math.min(System.nanoTime() - t0, millis * 1_000_000 + graceMillis * 1_000_000) / 1e9;
        int total = 0;
        int stuck = 0;
        for (int t = 0; t < threads; t++) {
            total += progress[t].count;
            if (workers[t].isAlive()) {
                stuck++;
            }
        }
        long[] all = new long[total];
        int at = 0;
        for (Progress p : progress) {
            int c = p.count;
            System.arraycopy(p.latencies, 0, all, at, Math.min(c, p.latencies.length));
            at += c;
        }
        return new Outcome(total / seconds, Stats.percentile(all, at, 50) / 1000.0,
                Stats.percentile(all, at, 99) / 1000.0, errors.get(), firstError.get(), stuck);
    }
}
