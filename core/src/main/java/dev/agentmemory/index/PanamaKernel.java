package dev.agentmemory.index;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Thread-safe: stateless. The kernels on the incubating Vector API.
 *
 * <p>Loaded only reflectively by {@link VectorKernels}, after checking that the boot layer has
 * the {@code jdk.incubator.vector} module: this class must never be named directly, or the
 * JVM would fail to link it when the module is absent. Compiled with
 * {@code --add-modules jdk.incubator.vector} (see core's pom). Two vector accumulators hide
 * the FMA latency; the tail runs scalar.
 */
final class PanamaKernel implements VectorKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    PanamaKernel() {}

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        int width = SPECIES.length();
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        int i = 0;
        int bound2 = n - 2 * width;
        for (; i <= bound2; i += 2 * width) {
            acc0 = FloatVector.fromArray(SPECIES, a, aOffset + i)
                    .fma(FloatVector.fromArray(SPECIES, b, bOffset + i), acc0);
            acc1 = FloatVector.fromArray(SPECIES, a, aOffset + i + width)
                    .fma(FloatVector.fromArray(SPECIES, b, bOffset + i + width), acc1);
        }
        for (; i <= n - width; i += width) {
            acc0 = FloatVector.fromArray(SPECIES, a, aOffset + i)
                    .fma(FloatVector.fromArray(SPECIES, b, bOffset + i), acc0);
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[aOffset + i] * b[bOffset + i];
        }
        return s;
    }

    @Override
    public float squaredDistance(float[] a, int aOffset, float[] b, int bOffset, int n) {
        int width = SPECIES.length();
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        int i = 0;
        int bound2 = n - 2 * width;
        for (; i <= bound2; i += 2 * width) {
            FloatVector d0 = FloatVector.fromArray(SPECIES, a, aOffset + i)
                    .sub(FloatVector.fromArray(SPECIES, b, bOffset + i));
            FloatVector d1 = FloatVector.fromArray(SPECIES, a, aOffset + i + width)
                    .sub(FloatVector.fromArray(SPECIES, b, bOffset + i + width));
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
        }
        for (; i <= n - width; i += width) {
            FloatVector d0 = FloatVector.fromArray(SPECIES, a, aOffset + i)
                    .sub(FloatVector.fromArray(SPECIES, b, bOffset + i));
            acc0 = d0.fma(d0, acc0);
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float d = a[aOffset + i] - b[bOffset + i];
            s += d * d;
        }
        return s;
    }

    @Override
    public String name() {
        return "vector-api-" + SPECIES.vectorBitSize();
    }
}
