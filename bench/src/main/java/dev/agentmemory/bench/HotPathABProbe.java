package dev.agentmemory.bench;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.StoreConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Confined to one calling thread at a time (each {@link #run} starts and joins worker threads of
 * its own, which share the store): the side of {@link HotPathAB} that runs inside one build of
 * the library. {@code HotPathAB} defines this class anew in each build's class loader and calls
 * it reflectively, so it uses nothing but the JDK and the library's public API
 * ({@code MemoryStores.open}, {@code StoreConfig.builder}, {@code namespace}, {@code put},
 * {@code get}, {@code search}), which both builds share, and no other bench class (those are not
 * visible in a build's loader). Its methods take and return JDK types only.
 */
public final class HotPathABProbe implements AutoCloseable {
    /** Vector dimensions of every stored and query vector (as the other probes use). */
    public static final int DIM = 384;
    /** Cap on latency samples kept per thread and round: about 8 MB at 8 threads. */
    private static final int MAX_SAMPLES = 1 << 17;

    private MemoryStore store;
    private Namespace seeded;
    private Namespace written;
    private MemoryId[] ids;
    private final AtomicLong putCounter = new AtomicLong();

    /** Public no-argument constructor: {@code HotPathAB} instantiates it reflectively. */
    public HotPathABProbe() {}

    /**
     * Opens a SQLite store on {@code file} and puts {@code preload} memories of {@link #DIM}
     * dimensions, drawn from {@code seed}, into the namespace that {@code get} and
     * {@code search} read; {@code put} writes to a namespace of its own so that the rows it
     * adds never change what the other two operations see.
     *
     * @throws IllegalStateException if this probe is already open
     * @throws RuntimeException whatever the store throws while opening or loading
     */
    public void open(String file, int preload, long seed) {
        if (store != null) {
            throw new IllegalStateException("HotPathABProbe.open: already open on a store; call close() first");
        }
        store = MemoryStores.open(StoreConfig.builder("sqlite:" + file).historyVersions(0).build());
        seeded = store.namespace("bench", "seeded");
        written = store.namespace("bench", "written");
        Random r = new Random(seed);
        List<MemoryId> all = new ArrayList<>(preload);
        for (int from = 0; from < preload; from += 500) {
            List<MemoryDraft> drafts = new ArrayList<>(500);
            for (int i = from; i < Math.min(preload, from + 500); i++) {
                drafts.add(MemoryDraft.of("seeded memory " + i).embedding(vector(r)).metadata("i", i));
            }
            all.addAll(seeded.putAll(drafts));
        }
        ids = all.toArray(MemoryId[]::new);
        // The first search loads the namespace index; do it here, not in the first measured round.
        seeded.search(Search.vector(vector(r)).topK(10));
    }

    /**
     * Runs {@code op} ({@code get}, {@code put} or {@code search}, top-10 exact) on
     * {@code threads} threads for {@code millis}. The threads start together and stop at the
     * same deadline; each times every operation it finishes.
     *
     * @return element 0: the wall time of the round in nanoseconds, element 1: operations
     *     finished, then the latency samples in nanoseconds (at most 131,072
     *     per thread; the first ones of each thread when there are more)
     * @throws IllegalArgumentException if {@code op} is not one of the three or
     *     {@code threads < 1}
     * @throws IllegalStateException if the probe is not open, or an operation failed (the
     *     first failure is the cause)
     */
    public long[] run(String op, int threads, long millis) throws InterruptedException {
        if (!List.of("get", "put", "search").contains(op) || threads < 1) {
            throw new IllegalArgumentException("HotPathABProbe.run: op must be get, put or search and threads >= 1;"
                    + " got op=" + op + ", threads=" + threads);
        }
        if (store == null) {
            throw new IllegalStateException("HotPathABProbe.run: not open; call open(file, preload, seed) first");
        }
        long[][] samples = new long[threads][];
        long[] counts = new long[threads];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long[] deadline = new long[1];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int me = t;
            workers[t] = new Thread(() -> {
                long[] mine = new long[4096];
                int kept = 0;
                long n = 0;
                SplittableRandom r = new SplittableRandom(31L * me + op.hashCode());
                float[] v = new float[DIM];
                try {
                    ready.countDown();
                    go.await();
                    long end = deadline[0];
                    for (long t0 = System.nanoTime(); t0 < end; ) {
                        once(op, r, v);
                        long t1 = System.nanoTime();
                        if (kept < MAX_SAMPLES) {
                            if (kept == mine.length) {
                                mine = Arrays.copyOf(mine, Math.min(MAX_SAMPLES, kept * 2));
                            }
                            mine[kept++] = t1 - t0;
                        }
                        n++;
                        t0 = t1;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
                samples[me] = Arrays.copyOf(mine, kept);
                counts[me] = n;
            }, "ab-probe-" + op + "-" + t);
            workers[t].start();
        }
        ready.await();
        long start = System.nanoTime();
        deadline[0] = start + millis * 1_000_000;
        go.countDown(); // the latch publishes deadline[0] to the workers
        for (Thread w : workers) {
            w.join();
        }
        long wall = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException("HotPathABProbe.run: " + op + " at " + threads + " threads failed: "
                    + failure.get(), failure.get());
        }
        int total = 0;
        long ops = 0;
        for (int t = 0; t < threads; t++) {
            total += samples[t].length;
            ops += counts[t];
        }
        long[] out = new long[2 + total];
        out[0] = wall;
        out[1] = ops;
        int at = 2;
        for (long[] s : samples) {
            System.arraycopy(s, 0, out, at, s.length);
            at += s.length;
        }
        return out;
    }

    private void once(String op, SplittableRandom r, float[] v) {
        switch (op) {
            case "get" -> {
                if (seeded.get(ids[r.nextInt(ids.length)]).isEmpty()) {
                    throw new IllegalStateException("HotPathABProbe: a seeded memory was not found by get");
                }
            }
            case "put" -> {
                fill(v, r);
                written.put(MemoryDraft.of("written " + putCounter.incrementAndGet()).embedding(v.clone()));
            }
            default -> {
                fill(v, r);
                if (seeded.search(Search.vector(v).topK(10)).size() != 10) {
                    throw new IllegalStateException("HotPathABProbe: a top-10 search returned fewer than 10");
                }
            }
        }
    }

    /** Closes the store; a probe never opened closes quietly. */
    @Override
    public void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }

    private static float[] vector(Random r) {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = (float) r.nextGaussian();
        }
        return v;
    }

    private static void fill(float[] v, SplittableRandom r) {
        for (int d = 0; d < v.length; d++) {
            v[d] = (float) (r.nextDouble() * 2 - 1);
        }
    }
}
