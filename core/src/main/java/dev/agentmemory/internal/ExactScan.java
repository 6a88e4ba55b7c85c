package dev.agentmemory.internal;

import dev.agentmemory.Filter;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metric;
import java.util.Set;

/**
 * Confined to one search (its chunks may run on several threads, each with its own
 * {@link TopK}): the exact top-k scan over a range of slots of a {@link NamespaceIndex}'s
 * arrays, with expiry, the id restriction, the filter and the minimum score checked per row
 * before or after scoring.
 */
final class ExactScan {
    private final float[] vectors;
    private final float[] norms;
    private final long[] expires;
    private final IndexedRow[] rows;
    private final int dim;
    private final float[] q;
    private final float queryNorm;
    private final Metric metric;
    private final double minScore;
    private final int k;
    private final Filter filter;
    private final Set<MemoryId> among;
    private final long nowMicros;
    private final VectorKernel kernel;

    ExactScan(float[] vectors, float[] norms, long[] expires, IndexedRow[] rows, int dim, float[] q, Metric metric,
            double minScore, int k, Filter filter, Set<MemoryId> among, long nowMicros, VectorKernel kernel) {
        this.vectors = vectors;
        this.norms = norms;
        this.expires = expires;
        this.rows = rows;
        this.dim = dim;
        this.q = q;
        this.queryNorm = VectorMath.norm(q, 0, q.length);
        this.metric = metric;
        this.minScore = minScore;
        this.k = k;
        this.filter = filter;
        this.among = among;
        this.nowMicros = nowMicros;
        this.kernel = kernel;
    }

    /** True if slot {@code i} holds a memory that is live and matches the restriction and filter. */
    boolean accepts(int i) {
        if (expires[i] <= nowMicros) {
            return false; // expired, or a free slot (Long.MIN_VALUE)
        }
        if (among == null && filter == null) {
            return true;
        }
        IndexedRow r = rows[i];
        return (among == null || among.contains(r.id()))
                && (filter == null || FilterEvaluator.matches(filter, r.metadata(), r.createdMicros(), r.updatedMicros()));
    }

    /** The score of slot {@code i}, as the exact search defines it for the metric. */
    double score(int i) {
        int offset = i * dim;
        return switch (metric) {
            case COSINE -> {
                float n = norms[i];
                yield n == 0 || queryNorm == 0 ? 0 : kernel.dot(vectors, offset, q, 0, dim) / ((double) n * queryNorm);
            }
            case DOT -> kernel.dot(vectors, offset, q, 0, dim);
            case L2 -> 1.0 / (1.0 + Math.sqrt(kernel.squaredDistance(vectors, offset, q, 0, dim)));
        };
    }

    /** The best k of slots [from, to). */
    TopK scan(int from, int to) {
        TopK top = new TopK(k);
        for (int i = from; i < to; i++) {
            if (!accepts(i)) {
                continue;
            }
            double s = score(i);
            if (s >= minScore && top.mayAccept(s)) {
                top.offer(i, s, rows[i].id());
            }
        }
        return top;
    }

    /** The best k of the given slots. */
    TopK scan(int[] slots, int count) {
        TopK top = new TopK(k);
        for (int j = 0; j < count; j++) {
            int i = slots[j];
            if (!accepts(i)) {
                continue;
            }
            double s = score(i);
            if (s >= minScore && top.mayAccept(s)) {
                top.offer(i, s, rows[i].id());
            }
        }
        return top;
    }

    /** The best k of slots [0, n), split into chunks on the pool when {@code n} is large. */
    TopK scan(int n, ScanPool pool, int parallelThreshold) {
        if (pool == null || pool.threads() <= 1 || n < parallelThreshold) {
            return scan(0, n);
        }
        // A few chunks per thread, so a thread slowed by a noisy neighbour does not hold the rest up.
        int chunks = Math.min(pool.threads() * 4, Math.max(1, n / 1024));
        int per = (n + chunks - 1) / chunks;
        Object[] parts = pool.run(chunks, c -> scan(c * per, Math.min(n, (c + 1) * per)));
        TopK merged = new TopK(k);
        for (Object p : parts) {
            ((TopK) p).drainInto(merged);
        }
        return merged;
    }
}
