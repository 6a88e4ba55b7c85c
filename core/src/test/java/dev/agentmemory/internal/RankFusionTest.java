package dev.agentmemory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.agentmemory.Fusion;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import dev.agentmemory.SearchMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Fusion of two rankings, against the formulas worked by hand and on seeded random lists. */
class RankFusionTest {
    private final List<Memory> memories = new ArrayList<>();

    private Memory memory(int i) {
        while (memories.size() <= i) {
            memories.add(new Memory(MemoryId.generate(), "t", "n", "m" + memories.size(), new float[] {1},
                    Metadata.empty(), Instant.EPOCH, Instant.EPOCH, 1));
        }
        return memories.get(i);
    }

    private List<Match> ranked(double[] scores, int... which) {
        List<Match> out = new ArrayList<>();
        for (int i = 0; i < which.length; i++) {
            out.add(new Match(memory(which[i]), scores[i]));
        }
        return out;
    }

    @Test
    void reciprocal_rank_sums_one_over_k_plus_rank_on_each_side() {
        List<Match> vector = ranked(new double[] {0.9, 0.8, 0.1}, 0, 1, 2);
        List<Match> keyword = ranked(new double[] {12, 3}, 2, 3);
        List<Match> fused = RankFusion.fuse(Fusion.reciprocalRank(), vector, keyword);

        assertThat(fused).extracting(m -> m.memory()).containsExactly(memory(2), memory(0), memory(1), memory(3));
        double best = 2.0 / 61;
        assertThat(fused.get(0).score()).isCloseTo((1.0 / 63 + 1.0 / 61) / best, within(1e-15));
        Match.Explanation both = fused.get(0).explanation();
        assertThat(both.mode()).isEqualTo(SearchMode.HYBRID);
        assertThat(both.vectorRank()).hasValue(3);
        assertThat(both.vectorScore()).hasValue(0.1);
        assertThat(both.keywordRank()).hasValue(1);
        assertThat(both.keywordScore()).hasValue(12.0);
        assertThat(fused.get(1).score()).as("rank 1 vector only").isCloseTo(0.5, within(1e-15));
        assertThat(fused.get(2).score()).as("rank 2 vector only").isCloseTo(1.0 / 62 / best, within(1e-15));
        assertThat(fused.get(3).score()).as("rank 2 keyword only: a tie, broken by id").isEqualTo(fused.get(2)
                .score());
        assertThat(fused.get(3).explanation().vectorRank()).isEmpty();
        assertThat(fused.get(3).explanation().keywordRank()).hasValue(2);
    }

    @Test
    void weighted_fusion_mixes_min_max_normalised_scores() {
        List<Match> vector = ranked(new double[] {0.9, 0.5, 0.1}, 0, 1, 2);
        List<Match> keyword = ranked(new double[] {8, 4, 2}, 2, 1, 3);
        List<Match> fused = RankFusion.fuse(Fusion.weighted(0.25), vector, keyword);
        Map<Memory, Double> byMemory = new HashMap<>();
        fused.forEach(m -> byMemory.put(m.memory(), m.score()));

        assertThat(byMemory.get(memory(0))).isCloseTo(0.25 * 1.0, within(1e-12));
        assertThat(byMemory.get(memory(1))).isCloseTo(0.25 * 0.5 + 0.75 * (2.0 / 6), within(1e-12));
        assertThat(byMemory.get(memory(2))).isCloseTo(0.25 * 0 + 0.75 * 1.0, within(1e-12));
        assertThat(byMemory.get(memory(3))).isCloseTo(0.0, within(1e-12));
        assertThat(fused.get(0).memory()).isEqualTo(memory(2));
    }

    @Test
    void fusion_keeps_every_candidate_once_and_orders_by_score_on_random_lists() {
        Random random = new Random(14);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(30);
            List<Integer> pool = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                pool.add(i);
            }
            java.util.Collections.shuffle(pool, random);
            int[] v = pool.subList(0, random.nextInt(n + 1)).stream().mapToInt(Integer::intValue).toArray();
            java.util.Collections.shuffle(pool, random);
            int[] k = pool.subList(0, random.nextInt(n + 1)).stream().mapToInt(Integer::intValue).toArray();
            List<Match> vector = ranked(descending(v.length, random), v);
            List<Match> keyword = ranked(descending(k.length, random), k);
            Fusion f = random.nextBoolean() ? Fusion.reciprocalRank(random.nextInt(100)) : Fusion.weighted(
                    random.nextDouble());
            List<Match> fused = RankFusion.fuse(f, vector, keyword);
            java.util.Set<Integer> expected = new java.util.HashSet<>();
            for (int i : v) {
                expected.add(i);
            }
            for (int i : k) {
                expected.add(i);
            }
            assertThat(fused).hasSize(expected.size());
            assertThat(fused.stream().map(Match::memory).distinct().count()).isEqualTo(expected.size());
            for (int i = 1; i < fused.size(); i++) {
                assertThat(fused.get(i).score()).isLessThanOrEqualTo(fused.get(i - 1).score());
            }
            for (Match m : fused) {
                assertThat(m.explanation().fusedScore()).isEqualTo(m.score());
            }
        }
    }

    private static double[] descending(int n, Random random) {
        double[] s = new double[n];
        double x = random.nextDouble() * 10;
        for (int i = 0; i < n; i++) {
            s[i] = x;
            x -= random.nextDouble();
        }
        return s;
    }
}
