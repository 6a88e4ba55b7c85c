package dev.agentmemory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void percentile_is_the_nearest_rank_of_the_counted_samples_only() {
        long[] samples = {50, 10, 40, 20, 30, 999, 999};
        assertThat(Stats.percentile(samples, 5, 50)).isEqualTo(30);
        assertThat(Stats.percentile(samples, 5, 99)).isEqualTo(50);
        assertThat(Stats.percentile(samples, 5, 0)).isEqualTo(10);
        assertThat(Stats.percentile(samples, 0, 50)).isNaN();
    }

    @Test
    void recall_counts_the_true_top_k_found_in_any_order() {
        int[] truth = {1, 2, 3, 4};
        assertThat(Stats.recall(truth, new int[] {4, 3, 2, 1}, 4)).isEqualTo(1.0);
        assertThat(Stats.recall(truth, new int[] {9, 2, 8, 4}, 4)).isEqualTo(0.5);
        assertThat(Stats.recall(truth, new int[] {2}, 4)).isEqualTo(0.25);
        // Only the first k of each side count.
        assertThat(Stats.recall(truth, new int[] {9, 9, 1, 2}, 2)).isEqualTo(0.0);
    }

    @Test
    void normalised_copies_have_unit_length_and_leave_the_input_alone() {
        float[][] in = {{3, 4}, {0, 2}};
        float[][] out = Stats.normalised(in);
        assertThat(out[0]).containsExactly(0.6f, 0.8f);
        assertThat(out[1]).containsExactly(0f, 1f);
        assertThat(in[0]).containsExactly(3f, 4f);
    }
}
