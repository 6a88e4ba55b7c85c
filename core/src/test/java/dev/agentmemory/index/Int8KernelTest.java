package dev.agentmemory.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Int8KernelTest {

    private static int naive(byte[] a, int ao, byte[] b, int bo, int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    @Test
    void the_vector_api_kernel_is_in_use_when_the_module_is_present() {
        // Surefire starts this JVM with --add-modules jdk.incubator.vector (core's pom).
        assertThat(Int8Kernels.vectorApi()).isPresent();
        assertThat(Int8Kernels.preferred().name()).startsWith("int8-vector-api-");
        assertThat(Int8Kernels.scalar().name()).isEqualTo("int8-scalar");
    }

    @Test
    void scalar_vector_api_and_a_plain_loop_agree_on_many_sizes_and_offsets() {
        Int8Kernel panama = Int8Kernels.vectorApi().orElseThrow();
        Random random = new Random(5);
        int[] sizes = {0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 383, 384, 385, 768, 1536,
            8192};
        for (int n : sizes) {
            for (int round = 0; round < 5; round++) {
                int ao = random.nextInt(33);
                int bo = random.nextInt(33);
                byte[] a = new byte[ao + n + random.nextInt(5)];
                byte[] b = new byte[bo + n + random.nextInt(5)];
                random.nextBytes(a);
                random.nextBytes(b);
                int expected = naive(a, ao, b, bo, n);
                assertThat(Int8Kernels.scalar().dot(a, ao, b, bo, n)).as("scalar n=%d", n).isEqualTo(expected);
                assertThat(panama.dot(a, ao, b, bo, n)).as("vector api n=%d", n).isEqualTo(expected);
            }
        }
    }

    @Test
    void the_extreme_codes_are_widened_not_wrapped() {
        // -128 * -128 = 16,384 per lane: a short holds it, the sum of two would not, an int sum of 8,192 does.
        for (int n : new int[] {1, 16, 33, 8192}) {
            byte[] min = new byte[n];
            Arrays.fill(min, Byte.MIN_VALUE);
            byte[] max = new byte[n];
            Arrays.fill(max, Byte.MAX_VALUE);
            for (Int8Kernel k : new Int8Kernel[] {Int8Kernels.scalar(), Int8Kernels.vectorApi().orElseThrow()}) {
                assertThat(k.dot(min, 0, min, 0, n)).as("%s n=%d", k.name(), n).isEqualTo(16_384 * n);
                assertThat(k.dot(min, 0, max, 0, n)).as("%s n=%d", k.name(), n).isEqualTo(-16_256 * n);
                assertThat(k.dot(max, 0, max, 0, n)).as("%s n=%d", k.name(), n).isEqualTo(16_129 * n);
            }
        }
    }
}
