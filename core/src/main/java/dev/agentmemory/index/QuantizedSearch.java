package dev.agentmemory.index;

import dev.agentmemory.Filter;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metric;
import java.util.Set;

/**
 * Thread-safe while the stores do not change: many searches may run at once. Exact top-k by
 * way of the int8 codes: a first pass scans the {@link Int8Vectors} with a
 * {@link QuantizedScorer} through the same {@link ExactScan} (expiry, restriction and filter
 * checked per slot; on one thread or in chunks on a {@link ScanPool}) and keeps the best
 * {@code oversampling * k} candidates; a second pass scores those exactly with a
 * {@link Rescorer} and keeps the best {@code k} at or above the minimum score.
 *
 * <p>The result is the exact top-k whenever each of the exact top-k is among the candidates;
 * the minimum score applies to exact scores only, so an approximate score just below it never
 * drops a memory that belongs. {@link #DEFAULT_OVERSAMPLING} is what the bench measured
 * enough for recall@10 of 0.99 on real MiniLM vectors (docs/BENCHMARKS.md, "Quantized
 * vectors").
 */
public final class QuantizedSearch {
    /** Candidates kept per result wanted by the first pass. */
    public static final int DEFAULT_OVERSAMPLING = 4;
    /** The first pass keeps at least this many candidates, so a top-1 search gets a real second pass. */
    public static final int MIN_CANDIDATES = 20;

    private final SlotStore store;
    private final Int8Vectors codes;
    private final Int8Kernel kernel;
    private final int oversampling;

    /**
     * A search over {@code store}'s slots whose codes are in {@code codes}, slot for slot.
     *
     * @param oversampling candidates per result wanted; at least 1
     * @throws IllegalArgumentException if {@code oversampling} is below 1
     */
    public QuantizedSearch(SlotStore store, Int8Vectors codes, Int8Kernel kernel, int oversampling) {
        if (oversampling < 1) {
            throw new IllegalArgumentException("oversampling must be at least 1, got " + oversampling);
        }
        this.store = store;
        this.codes = codes;
        this.kernel = kernel;
        this.oversampling = oversampling;
    }

    /** The number of candidates the first pass keeps for a top-{@code k} search. */
    public static int candidates(int k, int oversampling) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max((long) k * oversampling, Math.max(k, MIN_CANDIDATES)));
    }

    /**
     * The best {@code k} slots by exact score, among the candidates the codes pick.
     *
     * @param filter a metadata and time filter, or null for none
     * @param among only these memories, or null for all
     * @param nowMicros memories expired at this time (epoch micros) are skipped
     * @param minScore results scoring (exactly) below it are left out
     * @param exact scores the candidates against their full-precision vectors
     * @param pool the helpers of the first pass, or null to scan on the calling thread
     * @param parallelThreshold first passes over fewer slots run on the calling thread alone
     * @throws IllegalArgumentException if the query's dimension differs from the codes'
     * @throws IllegalStateException if the codes cover fewer slots than the store uses
     */
    public TopK search(float[] q, Metric metric, Filter filter, Set<MemoryId> among, long nowMicros, double minScore,
            int k, Rescorer exact, ScanPool pool, int parallelThreshold) {
        int n = store.end();
        if (n == 0 || k == 0) {
            return new TopK(k);
        }
        if (codes.end() < n) {
            throw new IllegalStateException("the quantized vectors cover " + codes.end() + " slots, the store uses "
                    + n + ": every put must set its slot's codes too");
        }
        QuantizedScorer approximate = QuantizedScorer.of(codes, q, metric, kernel);
        TopK candidates = new ExactScan(store, approximate, filter, among, nowMicros, Double.NEGATIVE_INFINITY,
                candidates(k, oversampling)).scan(n, pool, parallelThreshold);
        return rescore(candidates, exact, minScore, k);
    }

    /**
     * The best {@code k} of {@code candidates} by exact score, at or above {@code minScore}.
     * Drains {@code candidates}.
     *
     * @throws RuntimeException whatever the rescorer threw
     */
    public TopK rescore(TopK candidates, Rescorer exact, double minScore, int k) {
        int[] slots = candidates.slotsBestFirst();
        double[] scores = new double[slots.length];
        exact.score(slots, slots.length, scores);
        TopK top = new TopK(k);
        long[] idHigh = store.idHigh();
        long[] idLow = store.idLow();
        for (int i = 0; i < slots.length; i++) {
            if (scores[i] >= minScore && top.mayAccept(scores[i])) {
                top.offer(slots[i], scores[i], idHigh[slots[i]], idLow[slots[i]]);
            }
        }
        return top;
    }
}
