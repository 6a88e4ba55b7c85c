package dev.agentmemory.internal;

import dev.agentmemory.Metric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe: static methods only. The scoring kernels over a contiguous array of vectors,
 * and the choice between the scalar and the Vector API implementation.
 *
 * <p>The Vector API kernel is used when the boot layer has {@code jdk.incubator.vector}
 * (start the JVM with {@code --add-modules jdk.incubator.vector}); the system property
 * {@code agentmemory.vector=scalar} forces the scalar one. Its absence is never an error.
 *
 * <p>Stored vectors are kept as given (raw), with their norm beside them: a cosine score is
 * {@code dot / (norm * queryNorm)}. Normalising at insert would save that one division per
 * row but would change the embedding a {@code get} returns, and the division costs nothing
 * next to the {@code d} multiply-adds of the dot product.
 */
final class VectorMath {
    private static final Logger LOG = LoggerFactory.getLogger(VectorMath.class);

    /** The plain-Java kernel, always available. */
    static final VectorKernel SCALAR = new ScalarKernel();

    /** The kernel every search uses. */
    static final VectorKernel KERNEL = choose();

    private VectorMath() {}

    private static VectorKernel choose() {
        if ("scalar".equals(System.getProperty("agentmemory.vector"))) {
            return SCALAR;
        }
        VectorKernel panama = panama();
        return panama == null ? SCALAR : panama;
    }

    /** The Vector API kernel, or null if the module is not in the boot layer or fails to load. */
    static VectorKernel panama() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            Class<?> c = Class.forName("dev.agentmemory.internal.PanamaKernel");
            VectorKernel k = (VectorKernel) c.getDeclaredConstructor().newInstance();
            // Exercise it once so a broken platform falls back here rather than in a search.
            float[] probe = {1, 2, 3};
            if (k.dot(probe, 0, probe, 0, 3) != 14f) {
                throw new IllegalStateException("probe dot product gave " + k.dot(probe, 0, probe, 0, 3));
            }
            return k;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.warn("the Vector API module is present but its kernel failed to load; searching with the scalar"
                    + " kernel: {}", e.toString());
            return null;
        }
    }

    static float dot(float[] data, int offset, float[] q) {
        return KERNEL.dot(data, offset, q, 0, q.length);
    }

    static float squaredDistance(float[] data, int offset, float[] q) {
        return KERNEL.squaredDistance(data, offset, q, 0, q.length);
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

    /**
     * The plain-Java kernel. Eight independent accumulators: C2 on JDK 17 does not vectorise a
     * float reduction (it would reorder the additions), but it does pipeline independent ones,
     * which hides the add latency.
     */
    private static final class ScalarKernel implements VectorKernel {
        @Override
        public float dot(float[] a, int ao, float[] b, int bo, int n) {
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            float s4 = 0;
            float s5 = 0;
            float s6 = 0;
            float s7 = 0;
            int i = 0;
            for (; i + 7 < n; i += 8) {
                s0 += a[ao + i] * b[bo + i];
                s1 += a[ao + i + 1] * b[bo + i + 1];
                s2 += a[ao + i + 2] * b[bo + i + 2];
                s3 += a[ao + i + 3] * b[bo + i + 3];
                s4 += a[ao + i + 4] * b[bo + i + 4];
                s5 += a[ao + i + 5] * b[bo + i + 5];
                s6 += a[ao + i + 6] * b[bo + i + 6];
                s7 += a[ao + i + 7] * b[bo + i + 7];
            }
            for (; i < n; i++) {
                s0 += a[ao + i] * b[bo + i];
            }
            return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        }

        @Override
        public float squaredDistance(float[] a, int ao, float[] b, int bo, int n) {
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            int i = 0;
            for (; i + 3 < n; i += 4) {
                float d0 = a[ao + i] - b[bo + i];
                float d1 = a[ao + i + 1] - b[bo + i + 1];
                float d2 = a[ao + i + 2] - b[bo + i + 2];
                float d3 = a[ao + i + 3] - b[bo + i + 3];
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }
            for (; i < n; i++) {
                float d = a[ao + i] - b[bo + i];
                s0 += d * d;
            }
            return (s0 + s1) + (s2 + s3);
        }

        @Override
        public String name() {
            return "scalar";
        }
    }
}
