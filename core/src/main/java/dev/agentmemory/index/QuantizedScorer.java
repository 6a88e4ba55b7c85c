package dev.agentmemory.index;

import dev.agentmemory.Metric;

/**
 * Thread-safe: immutable over arrays that the owner does not change while it is used. The
 * approximate scorer of int8 codes, the first pass of a {@link QuantizedSearch}: the query is
 * quantized the same way as the stored vectors, and a score is computed from one integer dot
 * product of the two code ranges and the two vectors' factors, in double.
 *
 * <p>With {@code v[i] ~ a + s * c[i]} for the stored vector and {@code q[i] ~ aq + sq * cq[i]}
 * for the query (see {@link Int8Vectors}), {@code d} dimensions and the query's exact sum
 * {@code Q1 = sum(q)}:
 * <pre>
 *   q . v     ~ a * Q1 + s * (aq * sum(c) + sq * (cq . c))
 *   |q - v|^2 ~ d * (aq - a)^2 + sq^2 * sum(cq^2) + s^2 * sum(c^2)
 *               + 2 * (aq - a) * (sq * sum(cq) - s * sum(c)) - 2 * sq * s * (cq . c)
 * </pre>
 * The dot product approximates only {@code q . c}: the stored vector's offset multiplies the
 * exact query sum, so the query's rounding is weighted by the small codes and not by the offset.
 * The distance is the exact distance between the two reconstructed vectors, expanded around the
 * difference of their offsets: the query's rounding then enters through {@code q - v}, which is
 * small for the near neighbours that matter, and vectors far from the origin but close to each
 * other keep their distances (an expansion through the two norms would cancel them away).
 * Metrics map to scores as in {@link FloatVectorScorer} (cosine divides by the exact float
 * norms), so approximate and exact scores are on one scale.
 */
public final class QuantizedScorer implements VectorScorer {
    /** As in {@link FloatVectorScorer}: calls through a constant let the JIT bind the kernel statically. */
    private static final Int8Kernel PREFERRED = Int8Kernels.preferred();

    private final byte[] codes;
    private final float[] scales;
    private final float[] offsets;
    private final int[] sums;
    private final int[] squares;
    private final float[] norms;
    private final int dim;
    private final byte[] qCodes;
    private final Metric metric;
    private final Int8Kernel kernel;
    private final double qScale;
    private final double qOffset;
    private final double queryNorm;
    /** The query's exact sum, in double. */
    private final double qSum;
    /** The reconstructed query's {@code sq * sum(cq)} and {@code sq^2 * sum(cq^2)}. */
    private final double qCodeSum;
    private final double qCodeSquares;

    private QuantizedScorer(Int8Vectors vectors, float[] q, Metric metric, Int8Kernel kernel) {
        this.codes = vectors.codes();
        this.scales = vectors.scales();
        this.offsets = vectors.offsets();
        this.sums = vectors.sums();
        this.squares = vectors.squares();
        this.norms = vectors.norms();
        this.dim = vectors.dimension();
        this.qCodes = new byte[dim];
        Int8Vectors.Encoded e = Int8Vectors.encode(q, 0, dim, qCodes, 0);
        this.metric = metric;
        this.kernel = kernel;
        this.qScale = e.scale();
        this.qOffset = e.offset();
        this.queryNorm = VectorKernels.norm(q, 0, dim);
        double sum = 0;
        for (float x : q) {
            sum += x;
        }
        this.qSum = sum;
        this.qCodeSum = qScale * e.sum();
        this.qCodeSquares = qScale * qScale * e.squares();
    }

    /**
     * A scorer of {@code vectors}' current arrays for query {@code q}; build a new one after the
     * set changes.
     *
     * @throws IllegalArgumentException if the query's dimension differs from the set's
     */
    public static QuantizedScorer of(Int8Vectors vectors, float[] q, Metric metric, Int8Kernel kernel) {
        if (q.length != vectors.dimension()) {
            throw new IllegalArgumentException("query has " + q.length + " dimensions, the quantized vectors hold "
                    + vectors.dimension());
        }
        return new QuantizedScorer(vectors, q, metric, kernel);
    }

    @Override
    public double score(int slot) {
        Int8Kernel k = kernel == PREFERRED ? PREFERRED : kernel;
        int codeDot = k.dot(codes, slot * dim, qCodes, 0, dim);
        double s = scales[slot];
        double a = offsets[slot];
        return switch (metric) {
            case COSINE -> {
                float n = norms[slot];
                yield n == 0 || queryNorm == 0 ? 0 : dot(s, a, slot, codeDot) / (n * queryNorm);
            }
            case DOT -> dot(s, a, slot, codeDot);
            case L2 -> {
                double delta = qOffset - a;
                double sq = dim * delta * delta + qCodeSquares + s * s * squares[slot]
                        + 2 * delta * (qCodeSum - s * sums[slot]) - 2 * qScale * s * codeDot;
                yield 1.0 / (1.0 + Math.sqrt(Math.max(0, sq)));
            }
        };
    }

    private double dot(double s, double a, int slot, int codeDot) {
        return a * qSum + s * (qOffset * sums[slot] + qScale * codeDot);
    }
}
