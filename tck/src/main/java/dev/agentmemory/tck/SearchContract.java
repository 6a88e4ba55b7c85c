package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Metric;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.tck.support.SearchOracle;
import dev.agentmemory.tck.support.Workers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Confined to the JUnit thread that runs the test: the vector search contract.
 *
 * <p>Exact top-k for every {@link Metric} against {@link SearchOracle} over seeded random
 * vectors; the minimum score; topK beyond the namespace; empty namespaces; dimension checks;
 * read-your-writes across threads (puts, updates and deletes visible to the next search);
 * and multi-namespace search merged by score. Freshness across store instances on one
 * database is in {@link SecondInstanceContract}.
 */
public interface SearchContract extends StoreFixture {
    /** The vector dimension of this area's memories. */
    int DIM = 24;

    @ParameterizedTest
    @EnumSource(Metric.class)
    default void search_returns_the_exact_top_k(Metric metric) {
        Namespace ns = newNamespace();
        ns.putAll(data().drafts("v", 300, DIM));
        List<Memory> all = listAll(ns);
        for (int q = 0; q < 8; q++) {
            // Half the queries are stored vectors: their own memory must come first.
            float[] query = q % 2 == 0 ? vector(DIM) : data().pick(all).embedding();
            Search search = Search.vector(query).metric(metric).topK(1 + q * 3);
            SearchOracle.assertExact(ns.search(search), all, search, metric + " query " + q + ", " + seedInfo());
        }
    }

    @Test
    default void l2_scores_are_one_over_one_plus_the_distance() {
        Namespace ns = newNamespace();
        MemoryId same = ns.put(MemoryDraft.of("same").embedding(new float[] {3, 4}));
        MemoryId five = ns.put(MemoryDraft.of("five away").embedding(new float[] {6, 8}));

        List<Match> hits = ns.search(Search.vector(new float[] {3, 4}).metric(Metric.L2).topK(2));

        assertThat(hits).extracting(m -> m.memory().id()).containsExactly(same, five);
        assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-6));
        assertThat(hits.get(1).score()).isCloseTo(1.0 / 6.0, within(1e-6));
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    default void minScore_drops_weaker_matches(Metric metric) {
        Namespace ns = newNamespace();
        ns.putAll(data().drafts("v", 120, DIM));
        List<Memory> all = listAll(ns);
        float[] query = vector(DIM);
        List<SearchOracle.Scored> ranked = SearchOracle.rank(all, Search.vector(query).metric(metric));
        // A threshold between two scores far enough apart that float arithmetic cannot cross it.
        int cut = 30;
        while (ranked.get(cut - 1).score() - ranked.get(cut).score() < 1e-3) {
            cut++;
        }
        double threshold = (ranked.get(cut - 1).score() + ranked.get(cut).score()) / 2;
        Search search = Search.vector(query).metric(metric).topK(cut + 10).minScore(threshold);

        List<Match> hits = ns.search(search);

        assertThat(hits).as("matches scoring at least %.6f", threshold).hasSize(cut);
        assertThat(hits).allSatisfy(m -> assertThat(m.score()).isGreaterThanOrEqualTo(threshold));
        SearchOracle.assertExact(hits, all, search, "minScore " + threshold + ", " + seedInfo());
        assertThat(ns.search(search.minScore(ranked.get(0).score() + 0.01))).as("a threshold above every score").isEmpty();
    }

    @Test
    default void topK_larger_than_the_namespace_returns_everything_best_first() {
        Namespace ns = newNamespace();
        ns.putAll(data().drafts("v", 12, DIM));
        Search search = Search.vector(vector(DIM)).topK(50);

        List<Match> hits = ns.search(search);

        assertThat(hits).hasSize(12);
        SearchOracle.assertExact(hits, listAll(ns), search, seedInfo());
    }

    @Test
    default void a_new_or_emptied_namespace_returns_no_matches() {
        Namespace fresh = newNamespace();
        assertThat(fresh.search(Search.vector(vector(DIM)))).as("a namespace never written").isEmpty();
        assertThat(fresh.search(Search.vector(vector(3)))).as("any dimension, nothing fixed yet").isEmpty();

        Namespace emptied = newNamespace();
        List<MemoryId> ids = emptied.putAll(data().drafts("v", 5, DIM));
        assertThat(emptied.search(Search.vector(vector(DIM)))).hasSize(5);
        ids.forEach(emptied::delete);
        assertThat(emptied.search(Search.vector(vector(DIM)))).as("every memory deleted").isEmpty();
    }

    @Test
    default void a_query_of_another_dimension_is_rejected() {
        Namespace ns = newNamespace();
        ns.putAll(data().drafts("v", 3, DIM));
        assertRejected(store(), ErrorCode.DIMENSION_MISMATCH, "search",
                () -> ns.search(Search.vector(vector(DIM + 1))));
        assertRejected(store(), ErrorCode.DIMENSION_MISMATCH, "search",
                () -> store().search(ns.tenant(), List.of(ns.name()), Search.vector(vector(DIM - 1))));
    }

    @Test
    default void writes_acknowledged_on_one_thread_are_seen_by_the_next_search_on_another() throws Exception {
        Namespace ns = newNamespace();
        ns.putAll(data().drafts("seed", 50, DIM));
        ExecutorService writer = Executors.newSingleThreadExecutor(Workers.named("writer"));
        ExecutorService reader = Executors.newSingleThreadExecutor(Workers.named("reader"));
        try {
            for (int i = 0; i < 40; i++) {
                float[] v = vector(DIM);
                MemoryId id = writer.submit(() -> ns.put(MemoryDraft.of("new").embedding(v))).get();
                List<Match> hits = reader.submit(() -> ns.search(Search.vector(v).topK(1))).get();
                assertThat(hits).as("put %d acknowledged, then searched on another thread", i).hasSize(1);
                assertThat(hits.get(0).memory().id()).as("put %d", i).isEqualTo(id);
                assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-4));

                float[] moved = vector(DIM);
                Memory updated = writer.submit(() -> ns.update(id, 1, MemoryDraft.of("moved").embedding(moved))).get();
                List<Match> afterUpdate = reader.submit(() -> ns.search(Search.vector(moved).topK(1))).get();
                assertThat(afterUpdate.get(0).memory()).as("update %d is visible", i).isEqualTo(updated);
                List<Match> oldVector = reader.submit(() -> ns.search(Search.vector(v).topK(60))).get();
                double expectedScore = SearchOracle.score(Metric.COSINE, v, moved);
                assertThat(oldVector).as("the old vector is gone from the index").allSatisfy(m -> {
                    if (m.memory().id().equals(id)) {
                        assertThat(m.memory().version()).isEqualTo(2);
                        assertThat(m.score()).isCloseTo(expectedScore, within(1e-4));
                    }
                });

                assertThat(writer.submit(() -> ns.delete(id)).get()).isTrue();
                List<Match> afterDelete = reader.submit(() -> ns.search(Search.vector(moved).topK(60))).get();
                assertThat(afterDelete).as("delete %d is visible", i).noneMatch(m -> m.memory().id().equals(id));
            }
        } finally {
            writer.shutdown();
            reader.shutdown();
            assertThat(writer.awaitTermination(10, TimeUnit.SECONDS) & reader.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Metric.class, names = {"COSINE", "L2"})
    default void multi_namespace_search_equals_the_oracle_merged_by_score(Metric metric) {
        MemoryStore store = store();
        String tenant = newTenant();
        List<Memory> all = new ArrayList<>();
        List<String> names = List.of("alpha", "beta", "gamma");
        for (String name : names) {
            Namespace ns = store.namespace(tenant, name);
            ns.putAll(data().drafts(name, 80, DIM));
            all.addAll(listAll(ns));
        }
        store.namespace(newTenant(), "alpha").putAll(data().drafts("other tenant", 20, DIM));
        List<String> searched = List.of("alpha", "beta", "gamma", "never-written");
        for (int q = 0; q < 6; q++) {
            Search search = Search.vector(vector(DIM)).metric(metric).topK(5 + q * 4);
            if (q % 3 == 2) {
                search = search.where(Filter.exists("s"));
            }
            SearchOracle.assertExact(store.search(tenant, searched, search), all, search,
                    "multi-namespace " + metric + " query " + q + ", " + seedInfo());
        }
        Search one = Search.vector(vector(DIM)).topK(10);
        SearchOracle.assertExact(store.search(tenant, List.of("beta"), one),
                all.stream().filter(m -> m.namespace().equals("beta")).toList(), one, "one namespace, " + seedInfo());
    }

    @Test
    default void multi_namespace_search_rejects_a_namespace_of_another_dimension_and_ignores_repeats() {
        MemoryStore store = store();
        String tenant = newTenant();
        store.namespace(tenant, "narrow").putAll(data().drafts("n", 10, 4));
        store.namespace(tenant, "wide").putAll(data().drafts("w", 10, 6));
        Search narrow = Search.vector(vector(4)).topK(8);

        assertRejected(store, ErrorCode.DIMENSION_MISMATCH, "search",
                () -> store.search(tenant, List.of("narrow", "wide"), narrow));
        List<Match> once = store.search(tenant, List.of("narrow"), narrow);
        assertThat(store.search(tenant, List.of("narrow", "narrow", "never-written"), narrow))
                .as("a namespace named twice counts once").isEqualTo(once);
        SearchOracle.assertExact(once, listAll(store.namespace(tenant, "narrow")), narrow, seedInfo());
    }

    @Test
    default void a_top_k_per_namespace_gives_each_namespace_its_own_exact_top_k() {
        MemoryStore store = store();
        String tenant = newTenant();
        float[] query = vector(DIM);
        Namespace near = store.namespace(tenant, "near");
        Namespace far = store.namespace(tenant, "far");
        for (int i = 0; i < 30; i++) {
            near.put(MemoryDraft.of("near " + i).embedding(shifted(query, 3, vector(DIM))));
            far.put(MemoryDraft.of("far " + i).embedding(shifted(query, -3, vector(DIM))));
        }
        Search search = Search.vector(query).topK(7);
        assertThat(store.search(tenant, List.of("near", "far"), search))
                .as("the scenario: one overall top 7 has nothing from 'far'")
                .allMatch(m -> m.memory().namespace().equals("near"));

        Map<String, Integer> topK = new LinkedHashMap<>();
        topK.put("near", 5);
        topK.put("far", 2);
        topK.put("never-written", 1);
        List<Match> hits = store.search(tenant, topK, search);

        assertThat(hits).hasSize(7);
        SearchOracle.assertExact(hits.stream().filter(m -> m.memory().namespace().equals("near")).toList(),
                listAll(near), search.topK(5), "near, " + seedInfo());
        SearchOracle.assertExact(hits.stream().filter(m -> m.memory().namespace().equals("far")).toList(),
                listAll(far), search.topK(2), "far, " + seedInfo());
        for (int i = 1; i < hits.size(); i++) {
            assertThat(hits.get(i).score()).as("merged best first").isLessThanOrEqualTo(hits.get(i - 1).score());
        }
        assertThat(store.search(tenant, Map.of("near", 3), search))
                .as("one namespace").isEqualTo(near.search(search.topK(3)));
        assertRejected(store, ErrorCode.LIMIT_EXCEEDED, "search",
                () -> store.search(tenant, Map.of("near", 0), search));
        assertRejected(store, ErrorCode.INVALID_ARGUMENT, "search",
                () -> store.search(tenant, Map.<String, Integer>of(), search));
        assertRejected(store, ErrorCode.INVALID_IDENTIFIER, "search",
                () -> store.search(tenant, Map.of("no spaces", 2), search));
    }

    /** {@code base} moved by {@code factor} times {@code direction}: near it for a positive factor, opposite for a negative. */
    private static float[] shifted(float[] direction, float factor, float[] base) {
        float[] out = new float[base.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = base[i] + factor * direction[i];
        }
        return out;
    }
}
