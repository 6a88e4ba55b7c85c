package dev.agentmemory.index;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe: static methods only. The int8 dot-product kernels and the choice between them,
 * made the way {@link VectorKernels} makes it for floats: the Vector API kernel when the boot
 * layer has {@code jdk.incubator.vector}, unless {@code agentmemory.vector=scalar} forces the
 * plain one. Its absence is never an error.
 */
public final class Int8Kernels {
    private static final Logger LOG = LoggerFactory.getLogger(Int8Kernels.class);
    private static final Int8Kernel SCALAR = new ScalarInt8Kernel();
    private static final Int8Kernel PREFERRED = choose();

    private Int8Kernels() {}

    /** The plain-Java kernel, always available. */
    public static Int8Kernel scalar() {
        return SCALAR;
    }

    /** The Vector API kernel, if this JVM has the module and the kernel loaded. */
    public static Optional<Int8Kernel> vectorApi() {
        return Optional.ofNullable(VectorApi.KERNEL);
    }

    /** The kernel quantized scans use: the Vector API one if available and not switched off, else scalar. */
    public static Int8Kernel preferred() {
        return PREFERRED;
    }

    private static Int8Kernel choose() {
        if ("scalar".equals(System.getProperty("agentmemory.vector"))) {
            return SCALAR;
        }
        return VectorApi.KERNEL == null ? SCALAR : VectorApi.KERNEL;
    }

    /** Loaded on first use, so forcing the scalar kernel never touches the Vector API. */
    private static final class VectorApi {
        static final Int8Kernel KERNEL = load();

        private static Int8Kernel load() {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return null;
            }
            try {
                // By name: naming the class would make the JVM link it even without the module.
                Class<?> c = Class.forName(Int8Kernels.class.getPackageName() + ".PanamaInt8Kernel");
                Int8Kernel k = (Int8Kernel) c.getDeclaredConstructor().newInstance();
                byte[] probe = {1, -2, 3, 127, -128};
                int got = k.dot(probe, 0, probe, 0, probe.length);
                if (got != 1 + 4 + 9 + 127 * 127 + 128 * 128) {
                    throw new IllegalStateException("probe dot product gave " + got);
                }
                return k;
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                LOG.warn("the Vector API module is present but the int8 kernel failed to load; quantized scans use"
                        + " the scalar kernel: {}", e.toString());
                return null;
            }
        }
    }
}
