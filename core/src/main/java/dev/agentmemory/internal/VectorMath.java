package dev.agentmemory.internal;

import dev.agentmemory.Metric;

/**
 * Thread-safe: static methods only. The scoring kernels over a contiguous array of vectors.
 *
 * <p>Loops keep four independent accumulators so the JIT can pipeline them; a faster path
 * for newer JDKs can replace these without changing callers.
 */
final class VectorMath {
    private VectorMath() {}

    static float dot(float[] data, int offset, float[] q) {
        int n = q.length;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += data[offset + i] * q[i];
            s1 += data[offset + i + 1] * q[i + 1];
            s2 += data[offset + i + 2] * q[i + 2];
            s3 += data[offset + i + 3] * q[i + 3];
        }
        for (; i < n; i++) {
            s0 += data[offset + i] * q[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static float squaredDistance(float[] data, int offset, float[] q) {
        int n = q.length;
        float s0 = 0;
        float s1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            float d0 = data[offset + i] - q[i];
            float d1 = data[offset + i + 1] - q[i + 1];
            s0 += d0 * d0;
            s1 += d1 * d1;
        }
        for (; i < n; i++) {
            float d = data[offset + i] - q[i];
            s0 += d * d;
        }
        return s0 + s1;
    }

    static float norm(float[] v, int offset, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) v[offset + i] * v[offset + i];
        }
        return (float) Math.sqrt(s);
    }

    /** The score of the vector at {@code offset} (whose norm is {@code norm}) for query {@code q}. */
    static double score(Metric metric, float[] data, int offset, float norm, float[] q, float queryNorm) {
        return switch (metric) {
            case COSINE -> norm == 0 || queryNorm == 0 ? 0 : dot(data, offset, q) / ((double) norm * queryNorm);
            case DOT -> dot(data, offset, q);
            case L2 -> 1.0 / (1.0 + Math.sqrt(squaredDistance(data, offset, q)));
        };
    }
}
