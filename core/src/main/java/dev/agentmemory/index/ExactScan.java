package dev.agentmemory.index;

import dev.agentmemory.Filter;
import dev.agentmemory.MemoryId;
import java.util.BitSet;
import java.util.Set;

/**
 * Thread-safe while the store does not change: one search's chunks may run on several threads,
 * each with its own {@link TopK}. The exact top-k over slots of a {@link SlotStore}: expiry,
 * the id restriction and the filter are checked per slot before scoring, the minimum score
 * after; the {@link VectorScorer} says how a slot scores.
 */
public final class ExactScan {
    private final SlotStore store;
    private final long[] expires;
    private final long[] idHigh;
    private final long[] idLow;
    private final VectorScorer scorer;
    private final Filter filter;
    /** The slots of the restriction, or null for all. */
    private final BitSet among;
    private final long nowMicros;
    private final double minScore;
    private final int k;

    /**
     * A scan of {@code store}'s current arrays.
     *
     * @param filter a metadata and time filter, or null for none
     * @param among only these memories, or null for all
     * @param nowMicros memories expired at this time (epoch micros) are skipped
     * @param minScore slots scoring below it are skipped
     * @param k how many to keep
     * @throws NullPointerException if {@code store} or {@code scorer} is null
     */
    public ExactScan(SlotStore store, VectorScorer scorer, Filter filter, Set<MemoryId> among, long nowMicros,
            double minScore, int k) {
        this.store = store;
        this.expires = store.expires();
        this.idHigh = store.idHigh();
        this.idLow = store.idLow();
        this.scorer = scorer;
        this.filter = filter;
        this.among = among == null ? null : slots(store, among);
        this.nowMicros = nowMicros;
        this.minScore = minScore;
        this.k = k;
    }

    /** True if slot {@code i} holds a memory that is live and matches the restriction and filter. */
    public boolean accepts(int i) {
        if (expires[i] <= nowMicros) {
            return false; // expired, or a free slot (SlotStore.FREE)
        }
        if (among == null && filter == null) {
            return true;
        }
        return (among == null || among.get(i)) && (filter == null
                || FilterEvaluator.matches(filter, store.metadata(i), store.createdMicros()[i], store.updatedMicros()[i]));
    }

    private static BitSet slots(SlotStore store, Set<MemoryId> ids) {
        BitSet slots = new BitSet(store.end());
        for (MemoryId id : ids) {
            int slot = store.slotOf(id);
            if (slot >= 0) {
                slots.set(slot);
            }
        }
        return slots;
    }

    /**
     * The best k of slots [from, to).
     *
     * @throws ArrayIndexOutOfBoundsException if the range runs past the store
     */
    public TopK scan(int from, int to) {
        TopK top = new TopK(k);
        for (int i = from; i < to; i++) {
            offer(top, i);
        }
        return top;
    }

    /**
     * The best k of the first {@code count} of {@code slots}.
     *
     * @throws ArrayIndexOutOfBoundsException if a slot is outside the store
     */
    public TopK scan(int[] slots, int count) {
        TopK top = new TopK(k);
        for (int j = 0; j < count; j++) {
            offer(top, slots[j]);
        }
        return top;
    }

    private void offer(TopK top, int i) {
        if (!accepts(i)) {
            return;
        }
        double s = scorer.score(i);
        if (s >= minScore && top.mayAccept(s)) {
            top.offer(i, s, idHigh[i], idLow[i]);
        }
    }

    /**
     * The best k of slots [0, n), split into chunks on the pool when {@code n} is large.
     *
     * @param pool the helpers, or null to scan on the calling thread
     * @param parallelThreshold scans of fewer slots run on the calling thread alone
     * @throws RuntimeException whatever a chunk threw
     */
    public TopK scan(int n, ScanPool pool, int parallelThreshold) {
        if (pool == null || pool.threads() <= 1 || n < parallelThreshold) {
            return scan(0, n);
        }
        // A few chunks per thread, so a thread slowed by a noisy neighbour does not hold the rest up.
        int chunks = Math.min(pool.threads() * 4, Math.max(1, n / 1024));
        int per = (n + chunks - 1) / chunks;
        TopK merged = new TopK(k);
        for (TopK part : pool.run(chunks, c -> scan(c * per, Math.min(n, (c + 1) * per)))) {
            part.drainInto(merged);
        }
        return merged;
    }
}
