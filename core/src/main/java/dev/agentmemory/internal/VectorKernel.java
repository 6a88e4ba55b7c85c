package dev.agentmemory.internal;

/**
 * Thread-safe: stateless. The inner loops of search: a dot product and a squared distance
 * between a stored vector (at an offset in a contiguous array) and another vector.
 *
 * <p>Two implementations: {@link VectorMath#SCALAR}, plain Java that C2 on JDK 17 runs well
 * (eight independent accumulators, unrolled), and {@code PanamaKernel}, on the incubating
 * Vector API, chosen at run time by {@link VectorMath#KERNEL} when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}.
 */
interface VectorKernel {
    /** The dot product of {@code a[aOffset, aOffset + n)} and {@code b[bOffset, bOffset + n)}. */
    float dot(float[] a, int aOffset, float[] b, int bOffset, int n);

    /** The squared Euclidean distance of the same ranges. */
    float squaredDistance(float[] a, int aOffset, float[] b, int bOffset, int n);

    /** A short name for reports: {@code scalar} or {@code vector-api-256} and so on. */
    String name();
}
