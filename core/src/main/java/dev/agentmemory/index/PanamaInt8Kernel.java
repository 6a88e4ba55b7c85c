package dev.agentmemory.index;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Thread-safe: stateless. The int8 dot product on the incubating Vector API.
 *
 * <p>Loaded only reflectively by {@link Int8Kernels} (never name it directly: the JVM would fail
 * to link it without the module). Per step it loads as many bytes as the preferred integer
 * vector has lanes, widens them to shorts, multiplies there (a product of two bytes fits in a
 * short, and a 16-bit multiply is cheaper than a 32-bit one), then widens the products to ints
 * and adds them up. With 512-bit vectors that is 16 bytes a step, the layout Lucene's int8
 * kernel uses. Two accumulators hide the add latency; the tail runs scalar.
 */
final class PanamaInt8Kernel implements Int8Kernel {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> SHORTS =
            ShortVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(INTS.length() * 16));
    private static final VectorSpecies<Byte> BYTES =
            ByteVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(INTS.length() * 8));

    PanamaInt8Kernel() {}

    @Override
    public int dot(byte[] a, int aOffset, byte[] b, int bOffset, int n) {
        int width = BYTES.length();
        IntVector acc0 = IntVector.zero(INTS);
        IntVector acc1 = IntVector.zero(INTS);
        int i = 0;
        for (; i <= n - 2 * width; i += 2 * width) {
            acc0 = acc0.add(product(a, aOffset + i, b, bOffset + i));
            acc1 = acc1.add(product(a, aOffset + i + width, b, bOffset + i + width));
        }
        for (; i <= n - width; i += width) {
            acc0 = acc0.add(product(a, aOffset + i, b, bOffset + i));
        }
        int s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[aOffset + i] * b[bOffset + i];
        }
        return s;
    }

    /** The lane-wise products of one step of bytes, as ints. */
    private static IntVector product(byte[] a, int ai, byte[] b, int bi) {
        ShortVector x = (ShortVector) ByteVector.fromArray(BYTES, a, ai).convertShape(VectorOperators.B2S, SHORTS, 0);
        ShortVector y = (ShortVector) ByteVector.fromArray(BYTES, b, bi).convertShape(VectorOperators.B2S, SHORTS, 0);
        return (IntVector) x.mul(y).convertShape(VectorOperators.S2I, INTS, 0);
    }

    @Override
    public String name() {
        return "int8-vector-api-" + INTS.vectorBitSize();
    }
}
