package dev.agentmemory.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Int8VectorsTest {

    static float[] gaussian(Random random, int dim, double scale) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) (random.nextGaussian() * scale);
        }
        return v;
    }

    /** Every component within half a step (plus float rounding of the factors) of the original. */
    private static void assertCloseEnough(float[] original, float[] back) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : original) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double step = ((double) max - min) / 255;
        double slack = 1e-6 * Math.max(Math.abs((double) min), Math.abs((double) max));
        for (int i = 0; i < original.length; i++) {
            assertThat(Math.abs((double) back[i] - original[i])).as("component %d", i)
                    .isLessThanOrEqualTo(step / 2 + slack);
        }
    }

    @Test
    void a_vector_comes_back_within_half_a_step_at_every_magnitude() {
        Random random = new Random(3);
        Int8Vectors codes = new Int8Vectors();
        int slot = 0;
        for (double scale : new double[] {1e-30, 1e-6, 1, 1e6, 1e30}) {
            for (int round = 0; round < 20; round++) {
                float[] v = gaussian(random, 384, scale);
                codes.set(slot, v);
                assertCloseEnough(v, codes.reconstruct(slot));
                slot++;
            }
        }
        // Far from the origin: the per-vector offset keeps the precision of the spread, not of the offset.
        float[] shifted = gaussian(random, 384, 0.01);
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 1000;
        }
        codes.set(slot, shifted);
        assertCloseEnough(shifted, codes.reconstruct(slot));
    }

    @Test
    void constant_vectors_and_dimension_one_are_held_exactly() {
        Int8Vectors codes = new Int8Vectors();
        codes.set(0, new float[384]);
        codes.set(1, filled(384, -2.5f));
        assertThat(codes.reconstruct(0)).containsOnly(0f);
        assertThat(codes.reconstruct(1)).containsOnly(-2.5f);
        Int8Vectors one = new Int8Vectors();
        float[] values = {0f, 1f, -1f, 3.25e-20f, -7.5e20f, Float.MAX_VALUE, -Float.MAX_VALUE};
        for (int i = 0; i < values.length; i++) {
            one.set(i, new float[] {values[i]});
        }
        for (int i = 0; i < values.length; i++) {
            assertThat(one.reconstruct(i)).containsExactly(values[i]);
        }
    }

    @Test
    void the_widest_range_a_float_allows_does_not_overflow() {
        Int8Vectors codes = new Int8Vectors();
        float[] v = {-Float.MAX_VALUE, 0, Float.MAX_VALUE};
        codes.set(0, v);
        float[] back = codes.reconstruct(0);
        assertThat(back[0]).isEqualTo(-Float.MAX_VALUE);
        assertThat(back[2]).isEqualTo(Float.MAX_VALUE);
        assertThat(Math.abs(back[1])).isLessThanOrEqualTo(Float.MAX_VALUE / 255);
    }

    @Test
    void set_replaces_free_empties_and_clear_takes_a_new_dimension() {
        Random random = new Random(4);
        Int8Vectors codes = new Int8Vectors();
        float[] a = gaussian(random, 16, 1);
        float[] b = gaussian(random, 16, 1);
        codes.set(5, a);
        assertThat(codes.end()).isEqualTo(6);
        assertThat(codes.reconstruct(0)).containsOnly(0f); // never set: empty
        codes.set(5, b);
        assertCloseEnough(b, codes.reconstruct(5));
        codes.free(5);
        assertThat(codes.reconstruct(5)).containsOnly(0f);
        assertThatThrownBy(() -> codes.set(1, new float[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 dimensions").hasMessageContaining("16");
        assertThatThrownBy(() -> codes.free(6)).isInstanceOf(ArrayIndexOutOfBoundsException.class);
        codes.set(2, a);
        codes.clear();
        assertThat(codes.end()).isZero();
        float[] wide = gaussian(random, 100, 1);
        codes.set(3, wide);
        assertThat(codes.dimension()).isEqualTo(100);
        assertCloseEnough(wide, codes.reconstruct(3));
        assertThat(codes.reconstruct(2)).as("set before the clear, not after").containsOnly(0f);
        codes.clear();
        codes.set(3, gaussian(random, 100, 1));
        assertThat(codes.reconstruct(2)).containsOnly(0f);
    }

    @Test
    void codes_of_a_slot_store_match_setting_each_slot_and_take_about_a_quarter_of_the_floats() {
        Random random = new Random(6);
        SlotStore store = new SlotStore("t/n");
        MemoryId[] ids = new MemoryId[1000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = MemoryId.generate();
            store.put(row(ids[i]), gaussian(random, 384, 1));
        }
        for (int i = 0; i < ids.length; i += 7) {
            store.remove(ids[i]);
        }
        Int8Vectors bulk = Int8Vectors.of(store);
        Int8Vectors one = new Int8Vectors();
        for (int slot = 0; slot < store.end(); slot++) {
            one.set(slot, store.isFree(slot) ? new float[384] : store.vector(slot));
        }
        assertThat(bulk.end()).isEqualTo(store.end());
        for (int slot = 0; slot < store.end(); slot++) {
            assertThat(bulk.reconstruct(slot)).as("slot %d", slot).containsExactly(one.reconstruct(slot));
        }
        double perVector = (double) bulk.bytes() / store.end();
        assertThat(perVector).isEqualTo(384 + 20);
        assertThat(perVector / (384 * 4 + 4)).isLessThan(0.27);
    }

    static IndexedRow row(MemoryId id) {
        return new IndexedRow(id, Metadata.empty(), 0, 0, Long.MAX_VALUE);
    }

    private static float[] filled(int n, float value) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, value);
        return v;
    }
}
