package dev.agentmemory.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.agentmemory.bench.recall.RecallSet;
import dev.agentmemory.tck.support.WordHashEmbedder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecallBenchTest {

    @Test
    void recall_and_ndcg_count_the_evidence_found_and_its_rank() {
        Set<String> evidence = Set.of("a", "b");
        List<String> found = List.of("x", "a", "y", "z", "w", "v", "b");
        assertThat(RecallBench.recall(found, evidence, 5)).isEqualTo(0.5);
        assertThat(RecallBench.recall(found, evidence, 10)).isEqualTo(1.0);
        double dcg = 1 / (Math.log(3) / Math.log(2)) + 1.0 / 3; // ranks 2 and 7: 1/log2(3) + 1/log2(8)
        double ideal = 1 + 1 / (Math.log(3) / Math.log(2));
        assertThat(RecallBench.ndcg(found, evidence, 10)).isCloseTo(dcg / ideal, within(1e-12));
        assertThat(RecallBench.ndcg(List.of("a", "b"), evidence, 10)).isCloseTo(1.0, within(1e-12));
        assertThat(RecallBench.ndcg(List.of(), evidence, 10)).isZero();
    }

    @Test
    void the_benchmark_runs_every_ranking_through_a_real_store_and_finds_far_more_than_chance(@TempDir Path dir)
            throws Exception {
        RecallSet set = RecallSet.generate(14, 1);
        Map<String, Double> msPerTurn = new LinkedHashMap<>();
        Map<String, Double> msPerQuery = new LinkedHashMap<>();
        List<RecallBench.Row> rows = new RecallBench(dir).run(set, List.of(new WordHashEmbedder(256)),
                RecallBench.ALL_MODES, msPerTurn, msPerQuery);
        assertThat(rows).hasSize(RecallBench.CONFIGS.size() * RecallBench.Mode.values().length);
        double chance = 10.0 / set.turns().size();
        for (RecallBench.Row r : rows) {
            String cell = r.mode() + " / " + r.config();
            assertThat(r.recall10()).as(cell).isGreaterThan(3 * chance).isLessThanOrEqualTo(1.0);
            assertThat(r.recall5()).as(cell).isLessThanOrEqualTo(r.recall10());
        }
        assertThat(rows.stream().map(RecallBench.Row::recall10).distinct().count())
                .as("the rankings change what is found").isGreaterThan(1);
        assertThat(rows.stream().filter(r -> r.config().equals(RecallBench.CONFIGS.get(0).name()))
                .map(RecallBench.Row::recall10).distinct().count())
                .as("the modes rank differently: vector, keyword and the two fusions do not all agree")
                .isGreaterThan(1);
        assertThat(msPerTurn).containsKey("word-hash-256");
    }
}
