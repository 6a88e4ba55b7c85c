package dev.agentmemory.index;

/**
 * Thread-safe: stateless. The inner loops of search: a dot product and a squared distance
 * between a stored vector (at an offset in a contiguous array) and another vector.
 *
 * <p>Two implementations, both from {@link VectorKernels}: plain Java that C2 on JDK 17 runs
 * well (eight independent accumulators, unrolled), and one on the incubating Vector API, used
 * when the JVM was started with {@code --add-modules jdk.incubator.vector}.
 */
public interface VectorKernel {
    /**
     * The dot product of {@code a[aOffset, aOffset + n)} and {@code b[bOffset, bOffset + n)}.
     *
     * @throws ArrayIndexOutOfBoundsException if a range runs past its array
     */
    float dot(float[] a, int aOffset, float[] b, int bOffset, int n);

    /**
     * The squared Euclidean distance of the same ranges.
     *
     * @throws ArrayIndexOutOfBoundsException if a range runs past its array
     */
    float squaredDistance(float[] a, int aOffset, float[] b, int bOffset, int n);

    /** A short name for reports: {@code scalar} or {@code vector-api-256} and so on. */
    String name();
}
