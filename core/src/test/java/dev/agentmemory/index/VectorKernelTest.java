package dev.agentmemory.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorKernelTest {

    private static double naiveDot(float[] a, int ao, float[] b, int bo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) a[ao + i] * b[bo + i];
        }
        return s;
    }

    private static double naiveSq(float[] a, int ao, float[] b, int bo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) a[ao + i] - b[bo + i];
            s += d * d;
        }
        return s;
    }

    @Test
    void the_vector_api_kernel_is_in_use_when_the_module_is_present() {
        // Surefire starts this JVM with --add-modules jdk.incubator.vector (core's pom).
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
        assertThat(VectorKernels.vectorApi()).isPresent();
        assertThat(VectorKernels.preferred().name()).startsWith("vector-api-");
        assertThat(VectorKernels.scalar().name()).isEqualTo("scalar");
    }

    @Test
    void scalar_vector_api_and_a_plain_loop_agree_on_many_sizes_and_offsets() {
        VectorKernel panama = VectorKernels.vectorApi().orElseThrow();
        Random random = new Random(7);
        int[] sizes = new int[80];
        for (int i = 0; i < 70; i++) {
            sizes[i] = i + 1;
        }
        int[] large = {127, 128, 129, 255, 256, 257, 383, 384, 385, 768, 1000, 1536};
        System.arraycopy(large, 0, sizes, 70, 10);
        for (int n : sizes) {
            for (int round = 0; round < 5; round++) {
                int ao = random.nextInt(17);
                int bo = random.nextInt(17);
                float[] a = new float[ao + n + random.nextInt(9)];
                float[] b = new float[bo + n + random.nextInt(9)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) random.nextGaussian();
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) random.nextGaussian();
                }
                double dot = naiveDot(a, ao, b, bo, n);
                double sq = naiveSq(a, ao, b, bo, n);
                // Float accumulation error grows with sqrt(n) times the magnitudes summed.
                double tolerance = 1e-4 * Math.sqrt(n) * Math.max(1, Math.sqrt(n));
                assertThat((double) VectorKernels.scalar().dot(a, ao, b, bo, n)).as("scalar dot n=%d", n)
                        .isCloseTo(dot, within(tolerance));
                assertThat((double) panama.dot(a, ao, b, bo, n)).as("vector dot n=%d", n)
                        .isCloseTo(dot, within(tolerance));
                assertThat((double) VectorKernels.scalar().squaredDistance(a, ao, b, bo, n)).as("scalar l2 n=%d", n)
                        .isCloseTo(sq, within(tolerance * 4));
                assertThat((double) panama.squaredDistance(a, ao, b, bo, n)).as("vector l2 n=%d", n)
                        .isCloseTo(sq, within(tolerance * 4));
            }
        }
    }
}
