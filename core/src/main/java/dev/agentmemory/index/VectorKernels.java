package dev.agentmemory.index;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe: static methods only. The scoring kernels and the choice between the scalar and
 * the Vector API implementation. To add a kernel, implement {@link VectorKernel} in this
 * package and offer it here.
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
public final class VectorKernels {
    private static final Logger LOG = LoggerFactory.getLogger(VectorKernels.class);
    private static final VectorKernel SCALAR = new ScalarKernel();
    private static final VectorKernel PREFERRED = choose();

    private VectorKernels() {}

    /** The plain-Java kernel, always available. */
    public static VectorKernel scalar() {
        return SCALAR;
    }

    /** The Vector API kernel, if this JVM has the module and the kernel loaded. */
    public static Optional<VectorKernel> vectorApi() {
        return Optional.ofNullable(VectorApi.KERNEL);
    }

    /** The kernel every search uses: the Vector API one if available and not switched off, else scalar. */
    public static VectorKernel preferred() {
        return PREFERRED;
    }

    /** The Euclidean norm of {@code v[offset, offset + n)}, accumulated in double. */
    public static float norm(float[] v, int offset, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) v[offset + i] * v[offset + i];
        }
        return (float) Math.sqrt(s);
    }

    private static VectorKernel choose() {
        if ("scalar".equals(System.getProperty("agentmemory.vector"))) {
            return SCALAR;
        }
        return VectorApi.KERNEL == null ? SCALAR : VectorApi.KERNEL;
    }

    /** Loaded on first use, so forcing the scalar kernel never touches the Vector API. */
    private static final class VectorApi {
        static final VectorKernel KERNEL = load();

        /** The Vector API kernel, or null if the module is not in the boot layer or fails to load. */
        private static VectorKernel load() {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return null;
            }
            try {
                // By name: naming the class would make the JVM link it even without the module.
                Class<?> c = Class.forName(VectorKernels.class.getPackageName() + ".PanamaKernel");
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
    }
}
