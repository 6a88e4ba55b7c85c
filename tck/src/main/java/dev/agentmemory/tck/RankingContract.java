package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.Namespace;
import dev.agentmemory.Ranking;
import dev.agentmemory.Search;
import dev.agentmemory.rank.Rankings;
import dev.agentmemory.rank.Reranker;
import dev.agentmemory.tck.support.WordHashEmbedder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: ranking steps after the similarity search
 * ({@link Search#rank(Ranking...)}), end to end through the store: the candidates are
 * oversampled, recency reads the store's clock and the stored timestamps, importance reads
 * stored metadata, steps compose across namespaces, and a failing or misbehaving step is a
 * {@link ErrorCode#RANKER_FAILED} that names the store and the operation.
 */
public interface RankingContract extends StoreFixture {

    @Test
    default void a_ranked_search_hands_top_k_times_the_oversampling_factor_to_its_steps() {
        Namespace ns = newNamespace();
        ns.putAll(data().drafts("r", 30, 8));
        AtomicInteger seen = new AtomicInteger();
        Ranking counting = (context, candidates) -> {
            seen.set(candidates.size());
            assertThat(context.topK()).isEqualTo(3);
            return candidates;
        };
        float[] q = vector(8);
        List<Match> ranked = ns.search(Search.vector(q).topK(3).rank(counting));
        assertThat(seen.get()).isEqualTo(Ranking.candidates(3)).isEqualTo(3 * Ranking.OVERSAMPLE);
        assertThat(ranked).as("an identity step returns the plain top-k")
                .isEqualTo(ns.search(Search.vector(q).topK(3)));
    }

    @Test
    default void recency_puts_a_newer_memory_above_a_more_similar_old_one() {
        MemoryStore store = clockedStore();
        Namespace ns = store.namespace(newTenant(), "diary");
        MemoryId old = ns.put(MemoryDraft.of("old").embedding(new float[] {1, 0.1f}));
        MemoryId unrelated = ns.put(MemoryDraft.of("unrelated").embedding(new float[] {0, 1}));
        clock().advance(Duration.ofDays(3));
        MemoryId recent = ns.put(MemoryDraft.of("recent").embedding(new float[] {1, 0.6f}));
        clock().advance(Duration.ofHours(1));

        Search search = Search.vector(new float[] {1, 0}).topK(3);
        List<Match> plain = ns.search(search);
        assertThat(idsOf(plain)).containsExactly(old, recent, unrelated);
        List<Match> ranked = ns.search(search.rank(Rankings.recency(Duration.ofDays(1))));
        assertThat(idsOf(ranked)).containsExactly(recent, old, unrelated);
        // Three days and an hour at a one-day half-life: old keeps 0.12 of the range of scores.
        double range = plain.get(0).score() - plain.get(2).score();
        double decay = Math.pow(0.5, 73 / 24.0);
        assertThat(ranked.get(1).score()).isCloseTo(plain.get(0).score() - (1 - decay) * range, within(1e-6));
    }

    @Test
    default void importance_reads_the_stored_metadata_and_an_unrated_memory_counts_as_given() {
        Namespace ns = newNamespace();
        MemoryId unrated = ns.put(MemoryDraft.of("unrated").embedding(new float[] {1, 0}));
        MemoryId minor = ns.put(MemoryDraft.of("minor").embedding(new float[] {1, 0.2f}).metadata("importance", 2));
        MemoryId major = ns.put(MemoryDraft.of("major").embedding(new float[] {1, 0.5f}).metadata("importance", 9));
        ns.put(MemoryDraft.of("far").embedding(new float[] {0, 1}));

        Search search = Search.vector(new float[] {1, 0}).topK(3);
        assertThat(idsOf(ns.search(search))).containsExactly(unrated, minor, major);
        assertThat(idsOf(ns.search(search.rank(Rankings.importance("importance").range(1, 10)))))
                .containsExactly(major, minor, unrated);
        assertThat(idsOf(ns.search(search.rank(Rankings.importance("importance").range(1, 10).ifMissing(10)))))
                .containsExactly(unrated, major, minor);
    }

    @Test
    default void steps_compose_over_a_multi_namespace_search_and_mmr_drops_the_near_copy() {
        Namespace a = newNamespace();
        Namespace b = store().namespace(a.tenant(), uniqueName("ns"));
        MemoryId first = a.put(MemoryDraft.of("first").embedding(new float[] {1, 0.1f, 0}));
        MemoryId copy = b.put(MemoryDraft.of("copy of first").embedding(new float[] {1, 0.11f, 0}));
        MemoryId other = b.put(MemoryDraft.of("other").embedding(new float[] {1, -0.6f, 0}).metadata("importance", 1.0));
        b.put(MemoryDraft.of("unrelated").embedding(new float[] {0, 0, 1}));
        List<String> both = List.of(a.name(), b.name());

        Search search = Search.vector(new float[] {1, 0, 0}).topK(2);
        assertThat(idsOf(store().search(a.tenant(), both, search))).containsExactly(first, copy);
        Search ranked = search.rank(Rankings.importance("importance").ifMissing(1).weight(0.5), Rankings.mmr(0.5));
        assertThat(idsOf(store().search(a.tenant(), both, ranked))).containsExactly(first, other);
    }

    @Test
    default void a_failing_reranker_fails_the_search_with_a_ranker_failure_naming_store_and_operation() {
        MemoryStore store = openStore(c -> c.embedder(new WordHashEmbedder(16)));
        Namespace ns = store.namespace(newTenant(), "notes");
        ns.put(MemoryDraft.of("Alice plays the cello on Sundays"));
        List<String> queries = new ArrayList<>();
        Reranker failing = new Reranker() {
            @Override
            public String name() {
                return "test-cross-encoder";
            }

            @Override
            public double[] scores(String query, List<Match> candidates) {
                queries.add(query);
                throw new IllegalStateException("inference server unavailable");
            }
        };
        MemoryStoreException e = catchThrowableOfType(
                () -> ns.search(Search.text("what does Alice play").rank(Rankings.rerank(failing))),
                MemoryStoreException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.RANKER_FAILED);
        assertThat(e.getMessage()).contains(store.describe()).contains("search").contains("test-cross-encoder")
                .contains("inference server unavailable");
        assertThat(queries).as("the reranker saw the text, once: a ranking failure is not retried")
                .containsExactly("what does Alice play");
    }

    @Test
    default void a_step_that_adds_a_memory_it_was_not_given_is_refused() {
        Namespace mine = newNamespace();
        Namespace theirs = newNamespace();
        mine.put(MemoryDraft.of("mine").embedding(new float[] {1, 0}));
        MemoryId foreign = theirs.put(MemoryDraft.of("another tenant's").embedding(new float[] {1, 0}));
        Memory smuggled = theirs.get(foreign).orElseThrow();
        Ranking smuggling = (context, candidates) -> List.of(new Match(smuggled, 1.0));

        MemoryStoreException e = catchThrowableOfType(
                () -> mine.search(Search.vector(new float[] {1, 0}).rank(smuggling)), MemoryStoreException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.RANKER_FAILED);
        assertThat(e.getMessage()).contains(foreign.toString()).contains("not among its 1 candidates");
    }

    private static List<MemoryId> idsOf(List<Match> matches) {
        return matches.stream().map(m -> m.memory().id()).toList();
    }
}
