package dev.agentmemory.index;

import dev.agentmemory.Metric;

/**
 * Thread-safe: immutable over arrays that the owner does not change while it is used. The
 * scorer of full-precision vectors, and the one place that says how a candidate is scored: to
 * change a metric's formula, open this class.
 *
 * <ul>
 *   <li>{@link Metric#COSINE}: {@code dot / (norm * queryNorm)} in double, 0 if either norm is 0;</li>
 *   <li>{@link Metric#DOT}: the dot product;</li>
 *   <li>{@link Metric#L2}: {@code 1 / (1 + distance)}, so that higher is better for every metric.</li>
 * </ul>
 *
 * <p>The graph compares vectors with {@link #cosine}, the same formula in float, which is what
 * its neighbour choices were tuned with; its candidates are then rescored by {@link #score}.
 */
public final class FloatVectorScorer implements VectorScorer {
    /**
     * The kernel nearly every index uses. Calls through this constant let the JIT bind the dot
     * product to its class at compile time, as it could when the kernel was a static constant of
     * the scan; through the instance field alone it guards every call on the receiver's type.
     */
    private static final VectorKernel PREFERRED = VectorKernels.preferred();

    private final float[] vectors;
    private final float[] norms;
    private final int dim;
    private final float[] q;
    private final float queryNorm;
    private final Metric metric;
    private final VectorKernel kernel;

    private FloatVectorScorer(SlotStore store, float[] q, Metric metric, VectorKernel kernel) {
        this.vectors = store.vectors();
        this.norms = store.norms();
        this.dim = store.dimension();
        this.q = q;
        this.queryNorm = VectorKernels.norm(q, 0, q.length);
        this.metric = metric;
        this.kernel = kernel;
    }

    /**
     * A scorer of {@code store}'s current arrays for query {@code q}; build a new one after the
     * store changes.
     *
     * @throws IllegalArgumentException if the query's dimension differs from the store's
     */
    public static FloatVectorScorer of(SlotStore store, float[] q, Metric metric, VectorKernel kernel) {
        if (q.length != store.dimension()) {
            throw new IllegalArgumentException("query has " + q.length + " dimensions, the store holds "
                    + store.dimension());
        }
        return new FloatVectorScorer(store, q, metric, kernel);
    }

    @Override
    public double score(int slot) {
        int offset = slot * dim;
        VectorKernel k = kernel == PREFERRED ? PREFERRED : kernel;
        return switch (metric) {
            case COSINE -> {
                float n = norms[slot];
                yield n == 0 || queryNorm == 0 ? 0 : k.dot(vectors, offset, q, 0, dim) / ((double) n * queryNorm);
            }
            case DOT -> k.dot(vectors, offset, q, 0, dim);
            case L2 -> 1.0 / (1.0 + Math.sqrt(k.squaredDistance(vectors, offset, q, 0, dim)));
        };
    }

    /**
     * The cosine similarity, in float, of the stored vector at {@code offset} (whose norm is
     * {@code norm}) and {@code q[qOffset, qOffset + dim)} (whose norm is {@code qNorm}).
     *
     * @throws ArrayIndexOutOfBoundsException if a range runs past its array
     */
    public static float cosine(VectorKernel kernel, float[] data, int offset, float norm, float[] q, int qOffset,
            float qNorm, int dim) {
        if (norm == 0 || qNorm == 0) {
            return 0;
        }
        return kernel.dot(data, offset, q, qOffset, dim) / (norm * qNorm);
    }
}
