package dev.agentmemory.index;

/**
 * Thread-safe: stateless. The inner loop of a quantized scan: the dot product of two ranges of
 * signed 8-bit codes, widened and summed in 32-bit integers, so it is exact.
 *
 * <p>Exact for any {@code n} below 131,072 (each product is at most 16,384 in magnitude, so the
 * sum stays within an {@code int}); the store's dimension limit (8,192) is far below that. Two
 * implementations, both from {@link Int8Kernels}: plain Java and one on the incubating Vector
 * API.
 */
public interface Int8Kernel {
    /**
     * The dot product of {@code a[aOffset, aOffset + n)} and {@code b[bOffset, bOffset + n)} as
     * signed bytes.
     *
     * @throws ArrayIndexOutOfBoundsException if a range runs past its array
     */
    int dot(byte[] a, int aOffset, byte[] b, int bOffset, int n);

    /** A short name for reports: {@code int8-scalar} or {@code int8-vector-api-512} and so on. */
    String name();
}
