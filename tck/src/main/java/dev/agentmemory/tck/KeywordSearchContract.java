package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Fusion;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.SearchMode;
import dev.agentmemory.spi.KeywordQuery;
import dev.agentmemory.tck.support.WordHashEmbedder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: keyword and hybrid search. Keyword search
 * runs in the backend's own full-text engine and must agree with the memory rows: it respects
 * tenants, namespaces, filters (before its limit), expiry, updates, deletes and purges; the
 * query text is matched as plain words whatever syntax it holds. Hybrid search fuses it with
 * the vector ranking and explains each match.
 *
 * <p>What a backend's tokenizer does with scripts written without spaces is declared by
 * {@link #findsWholeCjkRuns()}, so the test states the behaviour instead of skipping it.
 */
public interface KeywordSearchContract extends StoreFixture {
    /** The vector dimension of this area's memories. */
    int DIM = 16;
    /** The dimension of this area's test embedder: wide enough that its word hashes rarely collide. */
    int EMBED_DIM = 256;

    /**
     * True if a run of Chinese or Japanese characters between spaces or punctuation is one
     * searchable word (SQLite's {@code unicode61}, the reference engine, the portable term
     * index); false if the backend's tokenizer drops such text (none of ours).
     */
    default boolean findsWholeCjkRuns() {
        return true;
    }

    /**
     * True if words match with and without their diacritics ({@code cafe} finds
     * {@code café}): SQLite's {@code remove_diacritics}, the reference engine, the portable term
     * index. PostgreSQL's built-in configurations keep accents (a configuration with the
     * {@code unaccent} extension folds them).
     */
    default boolean foldsDiacritics() {
        return true;
    }

    private static List<MemoryId> ids(List<Match> matches) {
        return matches.stream().map(m -> m.memory().id()).toList();
    }

    @Test
    default void keyword_search_finds_memories_by_their_words_best_first_and_explains_each() {
        Namespace ns = newNamespace();
        MemoryId both = ns.put(draft("Alice prefers green tea in the morning", DIM));
        MemoryId tea = ns.put(draft("Black tea, no sugar", DIM));
        MemoryId green = ns.put(draft("The green door of the office", DIM));
        ns.put(draft("Bob rides a red bicycle", DIM));

        List<Match> hits = ns.search(Search.keyword("green TEA"));
        assertThat(ids(hits)).as("only memories holding a word, in any case").containsExactlyInAnyOrder(both, tea,
                green);
        assertThat(hits.get(0).memory().id()).as("the memory with both words ranks first").isEqualTo(both);
        for (int i = 0; i < hits.size(); i++) {
            Match.Explanation e = hits.get(i).explanation();
            assertThat(e.mode()).isEqualTo(SearchMode.KEYWORD);
            assertThat(e.keywordRank()).hasValue(i + 1);
            assertThat(e.keywordScore()).hasValue(hits.get(i).score());
            assertThat(e.vectorScore()).isEmpty();
            if (i > 0) {
                assertThat(hits.get(i).score()).isLessThanOrEqualTo(hits.get(i - 1).score());
            }
        }
        assertThat(hits.get(0).memory().content()).isEqualTo("Alice prefers green tea in the morning");
        assertThat(ns.search(Search.keyword("tea").topK(1))).hasSize(1);
        assertThat(ns.search(Search.keyword("coffee"))).isEmpty();
    }

    @Test
    default void keyword_search_never_crosses_tenants_or_namespaces() {
        MemoryStore store = store();
        String tenant = newTenant();
        Namespace mine = store.namespace(tenant, "mine");
        Namespace sibling = store.namespace(tenant, "sibling");
        Namespace other = store.namespace(newTenant(), "mine");
        MemoryId own = mine.put(draft("quarterly invoice numbers", DIM));
        MemoryId next = sibling.put(draft("the invoice from march", DIM));
        other.put(draft("invoice of another tenant", DIM));
        other.put(draft("invoice invoice invoice", DIM));

        assertThat(ids(mine.search(Search.keyword("invoice")))).containsExactly(own);
        assertThat(ids(store.search(tenant, List.of("mine", "sibling"), Search.keyword("invoice"))))
                .containsExactlyInAnyOrder(own, next);
        assertThat(ids(store.search(tenant, List.of("sibling", "absent"), Search.keyword("invoice"))))
                .containsExactly(next);
    }

    @Test
    default void a_filtered_keyword_search_applies_the_filter_before_its_limit() {
        Namespace ns = newNamespace();
        Set<MemoryId> red = new java.util.HashSet<>();
        List<MemoryDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            // The red ones mention the word once in a long text: they rank below the others, past
            // the first candidates a backend looks at.
            boolean isRed = i % 30 == 0;
            drafts.add(draft(isRed ? "apple and many other words of a rather long note " + i : "apple apple " + i, DIM)
                    .metadata("colour", isRed ? "red" : "green").metadata("i", (long) i));
        }
        List<MemoryId> put = ns.putAll(drafts);
        for (int i = 0; i < 150; i += 30) {
            red.add(put.get(i));
        }
        List<Match> hits = ns.search(Search.keyword("apple").topK(5).where(Filter.eq("colour", "red")));
        assertThat(ids(hits)).containsExactlyInAnyOrderElementsOf(red);
        assertThat(ns.search(Search.keyword("apple").topK(3).where(Filter.and(Filter.eq("colour", "green"),
                Filter.gte("i", 140L))))).hasSize(3).allSatisfy(m -> assertThat((Long) m.memory().metadata().asMap()
                .get("i")).isGreaterThanOrEqualTo(140L));
        assertThat(ns.search(Search.keyword("apple").topK(10).where(Filter.eq("colour", "blue")))).isEmpty();
    }

    @Test
    default void keyword_rows_follow_updates_deletes_and_delete_where() {
        Namespace ns = newNamespace();
        MemoryId a = ns.put(draft("the meeting moved to thursday", DIM));
        MemoryId b = ns.put(draft("lunch on thursday with carol", DIM).metadata("kind", "lunch"));
        MemoryId c = ns.put(draft("thursday yoga class", DIM).metadata("kind", "sport"));

        ns.update(a, 1, draft("the meeting moved to friday", DIM));
        assertThat(ids(ns.search(Search.keyword("thursday")))).containsExactlyInAnyOrder(b, c);
        assertThat(ids(ns.search(Search.keyword("friday")))).containsExactly(a);

        assertThat(ns.delete(b)).isTrue();
        assertThat(ids(ns.search(Search.keyword("thursday carol")))).containsExactly(c);
        assertThat(ns.deleteWhere(Filter.eq("kind", "sport"))).isEqualTo(1);
        assertThat(ns.search(Search.keyword("thursday"))).isEmpty();
        MemoryId again = ns.put(draft("thursday again", DIM));
        assertThat(ids(ns.search(Search.keyword("thursday")))).containsExactly(again);
    }

    @Test
    default void an_expired_memory_leaves_keyword_search_at_once_and_stays_gone_after_the_purge() {
        MemoryStore store = openStore(b -> b.clock(clock()).purgeInterval(Duration.ZERO));
        Namespace ns = store.namespace(newTenant(), "ttl");
        MemoryId brief = ns.put(draft("a short lived reminder", DIM).ttl(Duration.ofSeconds(10)));
        MemoryId lasting = ns.put(draft("a lasting reminder", DIM));
        assertThat(ids(ns.search(Search.keyword("reminder")))).containsExactlyInAnyOrder(brief, lasting);

        clock().advance(Duration.ofSeconds(11));
        assertThat(ids(ns.search(Search.keyword("reminder")))).containsExactly(lasting);
        assertThat(store.purgeExpired()).isEqualTo(1);
        assertThat(ids(ns.search(Search.keyword("reminder short")))).containsExactly(lasting);
    }

    @Test
    default void query_text_is_never_parsed_as_full_text_syntax() {
        Namespace ns = newNamespace();
        MemoryId plain = ns.put(draft("alpha beta gamma", DIM));
        MemoryId operators = ns.put(draft("NEAR AND OR NOT operators as words", DIM));
        List<String> hostile = List.of(
                "\"alpha", "alpha\"", "\"\"\"", "alpha*", "*", "NEAR(alpha beta)", "alpha NEAR/2 beta",
                "alpha AND", "AND", "OR OR", "NOT alpha", "content:alpha", "memory_id:alpha", "tenant : alpha",
                "^alpha", "(alpha", "alpha)", "((", "{alpha beta}", "alpha & !beta | gamma:*", "'alpha' <-> 'beta'",
                "alpha:A & beta:*B", "!!alpha", "+alpha -beta", "alpha~2", "alpha^3", "[alpha TO beta]", "\\alpha",
                "alpha'); DROP TABLE memories; --", "alpha%", "_alpha_", "alpha\u0000beta", "'", "''", "\\");
        for (String q : hostile) {
            if (KeywordQuery.of(q).isEmpty()) {
                assertRejected(store(), ErrorCode.INVALID_ARGUMENT, "search", () -> ns.search(Search.keyword(q)));
                continue;
            }
            List<Match> hits = ns.search(Search.keyword(q).topK(5));
            if (q.toLowerCase(java.util.Locale.ROOT).contains("alpha")) {
                assertThat(ids(hits)).as("query %s", q).contains(plain);
            }
        }
        assertThat(ids(ns.search(Search.keyword("NEAR AND OR")))).as("operator words are words")
                .containsExactly(operators);
        assertThat(ns.count()).as("nothing was dropped").isEqualTo(2);
        // Hostile content is stored and found as words too.
        MemoryId stored = ns.put(draft("\"quoted\" NEAR(x y) a:b ^c * (d) 'e' f&g", DIM));
        assertThat(ids(ns.search(Search.keyword("quoted")))).containsExactly(stored);
    }

    @Test
    default void an_empty_or_punctuation_only_query_is_refused_with_a_clear_message() {
        Namespace ns = newNamespace();
        ns.put(draft("something to find", DIM));
        for (String q : List.of("?!", "\"\" * () :^", "...", "\uD83D\uDE00\uD83C\uDF75", "-- --")) {
            var e = assertRejected(store(), ErrorCode.INVALID_ARGUMENT, "search", () -> ns.search(Search.keyword(q)));
            assertThat(e.getMessage()).as(q).contains("no word");
        }
        assertRejected(store(), ErrorCode.INVALID_ARGUMENT, "search", () -> ns.search(Search.keyword("   ")));
    }

    @Test
    default void cjk_text_is_found_by_its_whole_runs_and_emoji_are_not_words() {
        Namespace ns = newNamespace();
        MemoryId tokyo = ns.put(draft("東京タワー に 行った \uD83D\uDDFC", DIM));
        MemoryId accents = ns.put(draft("Café crème brûlée", DIM));
        if (findsWholeCjkRuns()) {
            assertThat(ids(ns.search(Search.keyword("東京タワー")))).containsExactly(tokyo);
        } else {
            assertThat(ns.search(Search.keyword("東京タワー"))).isEmpty();
        }
        assertThat(ns.search(Search.keyword("東京"))).as("a part of a run is not a word").isEmpty();
        if (foldsDiacritics()) {
            assertThat(ids(ns.search(Search.keyword("cafe creme")))).as("diacritics fold").containsExactly(accents);
        } else {
            assertThat(ns.search(Search.keyword("cafe creme"))).as("diacritics are kept").isEmpty();
        }
        assertThat(ids(ns.search(Search.keyword("BRÛLÉE")))).as("case folds").containsExactly(accents);
        assertThat(ids(ns.search(Search.keyword("Cafe\u0301")))).as("a decomposed accent is the same letter")
                .containsExactly(accents);
    }

    @Test
    default void a_store_without_an_embedder_runs_text_searches_on_keywords() {
        Namespace ns = newNamespace();
        MemoryId id = ns.put(draft("the cat sat on the mat", DIM));
        List<Match> hits = ns.search(Search.text("where is the cat"));
        assertThat(ids(hits)).containsExactly(id);
        assertThat(hits.get(0).explanation().mode()).isEqualTo(SearchMode.KEYWORD);
        assertThat(ns.search(Search.keyword("cat").minScore(Double.MAX_VALUE))).as("minScore on the keyword score")
                .isEmpty();
    }

    @Test
    default void hybrid_search_fuses_both_rankings_and_explains_each_match() {
        WordHashEmbedder embedder = new WordHashEmbedder(EMBED_DIM);
        MemoryStore store = openStore(b -> b.embedder(embedder));
        Namespace ns = store.namespace(newTenant(), "notes");
        List<MemoryId> ids = ns.putAll(List.of(MemoryDraft.of("Alice prefers green tea in the morning"),
                MemoryDraft.of("The team meets on Tuesdays"), MemoryDraft.of("Bob rides a red bicycle"),
                MemoryDraft.of("Invoice 2041 was paid in March"), MemoryDraft.of("Green is Alice's favourite colour")));
        // A vector far from every text, which only the keyword side can match to the invoice.
        float[] elsewhere = embedder.embed("zebra xylophone quokka");

        List<Match> hybrid = ns.search(Search.hybrid(elsewhere, "invoice 2041").topK(5));
        assertThat(hybrid.get(0).memory().id()).as("found through its words").isEqualTo(ids.get(3));
        List<Match> auto = ns.search(Search.text("green tea for Alice"));
        assertThat(auto.get(0).explanation().mode()).as("text search is hybrid with both sides").isEqualTo(
                SearchMode.HYBRID);
        assertThat(auto.get(0).memory().id()).isEqualTo(ids.get(0));
        for (Match m : auto) {
            Match.Explanation e = m.explanation();
            double expected = (e.vectorRank().stream().mapToDouble(r -> 1.0 / (60 + r)).sum()
                    + e.keywordRank().stream().mapToDouble(r -> 1.0 / (60 + r)).sum()) / (2.0 / 61);
            assertThat(m.score()).as("reciprocal rank, k = 60, over its best: %s", e).isCloseTo(expected,
                    org.assertj.core.data.Offset.offset(1e-12));
            assertThat(e.fusedScore()).isEqualTo(m.score());
            assertThat(e.vectorRank().isPresent() || e.keywordRank().isPresent()).isTrue();
        }
        assertThat(auto.get(0).explanation().keywordRank()).hasValue(1);

        Match k0 = ns.search(Search.text("green tea for Alice").fusion(Fusion.reciprocalRank(0))).get(0);
        assertThat(k0.score()).as("rank 1 on both sides scores 1").isEqualTo(1.0);
        assertThat(k0.explanation().vectorRank()).hasValue(1);
        List<Match> vectorOnlyWeight = ns.search(Search.text("green tea for Alice").fusion(Fusion.weighted(1.0)));
        List<Match> vectorOnly = ns.search(Search.text("green tea for Alice").mode(SearchMode.VECTOR));
        assertThat(vectorOnlyWeight.get(0).memory().id()).isEqualTo(vectorOnly.get(0).memory().id());
        assertThat(vectorOnly.get(0).explanation().vectorRank()).hasValue(1);
        assertThat(vectorOnly.get(0).explanation().keywordRank()).isEmpty();
    }

    @Test
    default void a_filtered_hybrid_search_returns_top_k_whenever_that_many_pass() {
        WordHashEmbedder embedder = new WordHashEmbedder(EMBED_DIM);
        MemoryStore store = openStore(b -> b.embedder(embedder));
        Namespace ns = store.namespace(newTenant(), "many");
        List<MemoryDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            // The word is in the unfiltered ones only: the keyword side finds nothing that passes.
            drafts.add(MemoryDraft.of(i % 10 == 0 ? "note number " + i : "special note number " + i)
                    .metadata("keep", i % 10 == 0));
        }
        ns.putAll(drafts);
        List<Match> hits = ns.search(Search.text("special note").topK(10).where(Filter.eq("keep", true)));
        assertThat(hits).hasSize(10).allSatisfy(m -> assertThat(m.memory().metadata().asMap().get("keep"))
                .isEqualTo(true));
        assertThat(ns.search(Search.text("special note").topK(15).where(Filter.eq("keep", true)))).as("all that pass")
                .hasSize(12);
        Set<MemoryId> unique = ns.search(Search.text("special note").topK(50)).stream().map(m -> m.memory().id())
                .collect(Collectors.toSet());
        assertThat(unique).as("no memory twice").hasSize(50);
    }

    @Test
    default void hybrid_and_keyword_searches_run_across_namespaces_and_through_the_async_view() throws Exception {
        WordHashEmbedder embedder = new WordHashEmbedder(EMBED_DIM);
        MemoryStore store = openStore(b -> b.embedder(embedder));
        String tenant = newTenant();
        MemoryId a = store.namespace(tenant, "personal").put(MemoryDraft.of("dentist appointment on monday"));
        MemoryId b = store.namespace(tenant, "work").put(MemoryDraft.of("monday standup moved"));
        store.namespace(tenant, "work").put(MemoryDraft.of("unrelated entry"));
        List<Match> across = store.search(tenant, List.of("personal", "work"), Search.text("monday").topK(2));
        assertThat(ids(across)).containsExactlyInAnyOrder(a, b);
        List<Match> async = store.async().namespace(tenant, "personal").search(Search.keyword("dentist"))
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(ids(async)).containsExactly(a);
    }

    @Test
    default void a_keyword_or_hybrid_search_without_text_is_refused() {
        Namespace ns = newNamespace();
        ns.put(draft("x", DIM));
        assertRejected(store(), ErrorCode.INVALID_ARGUMENT, "search",
                () -> ns.search(Search.vector(vector(DIM)).mode(SearchMode.KEYWORD)));
        assertRejected(store(), ErrorCode.INVALID_ARGUMENT, "search",
                () -> ns.search(Search.vector(vector(DIM)).mode(SearchMode.HYBRID)));
    }
}
