package dev.agentmemory.langchain4j;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.NamespaceOptions;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.filter.Filter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter's own decisions, beyond LangChain4j's contract suites; small hand-made vectors. */
class AgentMemoryEmbeddingStoreTest {
    private static final Embedding QUERY = Embedding.from(new float[] {1, 0, 0});

    @TempDir
    static Path dir;
    private static MemoryStore store;

    private final String namespace = TestStores.freshNamespace("unit");
    private final AgentMemoryEmbeddingStore embeddings = AgentMemoryEmbeddingStore.builder()
            .store(store).tenant("unit").namespace(namespace).build();

    @BeforeAll
    static void openStore() {
        store = TestStores.sqlite(dir);
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @Test
    void a_request_with_query_text_is_hybrid_and_finds_an_entry_by_its_words() {
        // The query embedding points at "near"; only the words point at the invoice.
        embeddings.add(Embedding.from(new float[] {1, 0, 0}), TextSegment.from("near the query vector"));
        embeddings.add(Embedding.from(new float[] {0.9f, 0.1f, 0}), TextSegment.from("also near"));
        String invoice = embeddings.add(Embedding.from(new float[] {-1, 0, 0}), TextSegment.from("invoice 2041 paid"));

        EmbeddingSearchRequest request = EmbeddingSearchRequest.builder().queryEmbedding(QUERY).query("invoice 2041")
                .maxResults(2).minScore(0.6).build();
        assertThat(embeddings.search(request).matches()).as("vector-only by default")
                .extracting(EmbeddingMatch::embeddingId).doesNotContain(invoice);

        AgentMemoryEmbeddingStore hybrid = AgentMemoryEmbeddingStore.builder().store(store).tenant("unit")
                .namespace(namespace).searchMode(dev.agentmemory.SearchMode.AUTO).build();
        List<EmbeddingMatch<TextSegment>> matches = hybrid.search(request).matches();
        assertThat(matches).extracting(EmbeddingMatch::embeddingId).contains(invoice);
        assertThat(matches).filteredOn(m -> m.embeddingId().equals(invoice)).singleElement()
                .satisfies(m -> assertThat(m.score()).as("its own cosine relevance, (-1 + 1) / 2").isEqualTo(0.0));
        assertThatThrownBy(() -> AgentMemoryEmbeddingStore.builder().searchMode(dev.agentmemory.SearchMode.KEYWORD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KEYWORD");
    }

    @Test
    void metadata_keeps_every_langchain4j_type() {
        UUID uuid = UUID.randomUUID();
        Metadata metadata = new Metadata().put("s", "text").put("u", uuid).put("i", Integer.MIN_VALUE)
                .put("l", Long.MAX_VALUE).put("f", 1.1f).put("d", 4.9E-324);
        TextSegment segment = TextSegment.from("typed", metadata);
        embeddings.add(QUERY, segment);

        TextSegment back = all().get(0).embedded();

        assertThat(back).isEqualTo(segment);
        assertThat(back.metadata().toMap().get("i")).isInstanceOf(Integer.class);
        assertThat(back.metadata().toMap().get("f")).isInstanceOf(Float.class).isEqualTo(1.1f);
        assertThat(back.metadata().toMap().get("u")).isEqualTo(uuid);
    }

    @Test
    void floats_and_doubles_compare_by_decimal_value_as_in_langchain4j() {
        embeddings.add(QUERY, TextSegment.from("float", new Metadata().put("x", 1.1f)));

        assertThat(search(metadataKey("x").isEqualTo(1.1d))).hasSize(1);
        assertThat(search(metadataKey("x").isEqualTo(1.1f))).hasSize(1);
        assertThat(search(metadataKey("x").isGreaterThan(1.1d))).isEmpty();
        assertThat(filterTestAgrees(metadataKey("x").isEqualTo(1.1d), new Metadata().put("x", 1.1f))).isTrue();
    }

    @Test
    void not_equal_and_not_in_match_entries_without_the_key_as_in_langchain4j() {
        embeddings.add(QUERY, TextSegment.from("no key", new Metadata()));

        assertThat(search(metadataKey("k").isNotEqualTo("v"))).hasSize(1);
        assertThat(search(metadataKey("k").isNotIn(List.of("v")))).hasSize(1);
        assertThat(search(metadataKey("k").isGreaterThan(1))).isEmpty();
        assertThat(filterTestAgrees(metadataKey("k").isNotEqualTo("v"), new Metadata())).isTrue();
    }

    @Test
    void an_entry_without_text_is_stored_with_a_placeholder_and_comes_back_without_a_segment() {
        String id = embeddings.add(QUERY);

        Memory stored = raw().get(MemoryId.parse(id)).orElseThrow();

        assertThat(stored.content()).isEqualTo(AgentMemoryEmbeddingStore.NO_TEXT_PLACEHOLDER);
        assertThat(stored.metadata().getBoolean(AgentMemoryEmbeddingStore.TEXT_KEY)).contains(false);
        assertThat(all()).singleElement().satisfies(m -> assertThat(m.embedded()).isNull());
    }

    @Test
    void a_segment_whose_text_is_the_placeholder_keeps_its_text() {
        TextSegment segment = TextSegment.from(AgentMemoryEmbeddingStore.NO_TEXT_PLACEHOLDER);
        embeddings.add(QUERY, segment);

        assertThat(all().get(0).embedded()).isEqualTo(segment);
    }

    @Test
    void memories_written_by_other_code_come_back_as_segments() {
        raw().put(MemoryDraft.of("written by core").embedding(QUERY.vector()).metadata("flag", true).metadata("n", 3));

        TextSegment back = all().get(0).embedded();

        assertThat(back.text()).isEqualTo("written by core");
        assertThat(back.metadata().toMap()).containsEntry("flag", "true").containsEntry("n", 3L);
    }

    @Test
    void adding_under_an_existing_id_replaces_the_entry() {
        String id = UUID.randomUUID().toString();
        embeddings.addAll(List.of(id), List.of(QUERY), List.of(TextSegment.from("first")));
        Embedding other = Embedding.from(new float[] {0, 1, 0});

        embeddings.addAll(List.of(id), List.of(other), List.of(TextSegment.from("second")));

        assertThat(all()).singleElement().satisfies(m -> {
            assertThat(m.embeddingId()).isEqualTo(id);
            assertThat(m.embedded().text()).isEqualTo("second");
            assertThat(m.embedding()).isEqualTo(other);
        });
    }

    @Test
    void the_filter_runs_inside_the_store_not_after_top_k() {
        List<Embedding> near = new ArrayList<>();
        List<TextSegment> segments = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            near.add(QUERY);
            segments.add(TextSegment.from("near " + i, new Metadata().put("kind", "a")));
        }
        embeddings.addAll(near, segments);
        embeddings.add(Embedding.from(new float[] {0, 1, 0}), TextSegment.from("far", new Metadata().put("kind", "b")));

        List<EmbeddingMatch<TextSegment>> found = embeddings.search(EmbeddingSearchRequest.builder()
                .queryEmbedding(QUERY).maxResults(1).filter(metadataKey("kind").isEqualTo("b")).build()).matches();

        assertThat(found).singleElement().satisfies(m -> assertThat(m.embedded().text()).isEqualTo("far"));
    }

    @Test
    void scores_are_relevance_scores_and_min_score_reads_the_same_way() {
        embeddings.add(Embedding.from(new float[] {0, 1, 0}), TextSegment.from("orthogonal"));
        embeddings.add(Embedding.from(new float[] {-1, 0, 0}), TextSegment.from("opposite"));

        List<EmbeddingMatch<TextSegment>> found = all();

        assertThat(found).extracting(EmbeddingMatch::score).containsExactly(0.5, 0.0);
        assertThat(embeddings.search(EmbeddingSearchRequest.builder().queryEmbedding(QUERY).maxResults(10)
                .minScore(0.5).build()).matches()).extracting(m -> m.embedded().text()).containsExactly("orthogonal");
    }

    @Test
    void remove_all_by_ids_leaves_other_namespaces_alone() {
        AgentMemoryEmbeddingStore neighbour = AgentMemoryEmbeddingStore.builder()
                .store(store).tenant("unit").namespace(TestStores.freshNamespace("neighbour")).build();
        String id = neighbour.add(QUERY);
        String mine = embeddings.add(QUERY);

        embeddings.removeAll(List.of(id, mine));

        assertThat(all()).isEmpty();
        assertThat(neighbour.search(EmbeddingSearchRequest.builder().queryEmbedding(QUERY).build()).matches())
                .extracting(EmbeddingMatch::embeddingId).containsExactly(id);
    }

    @Test
    void an_id_that_is_not_a_uuid_is_refused_with_the_rule() {
        assertThatThrownBy(() -> embeddings.add("doc-1", QUERY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'doc-1' is not a UUID");
        assertThatThrownBy(() -> embeddings.remove("doc-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'doc-1' is not a UUID");
        assertThatThrownBy(() -> embeddings.removeAll(List.of("doc-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'doc-1' is not a UUID");
    }

    @Test
    void repeated_ids_in_one_batch_are_refused() {
        String id = UUID.randomUUID().toString();
        assertThatThrownBy(() -> embeddings.addAll(List.of(id, id), List.of(QUERY, QUERY), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeat");
        assertThat(all()).isEmpty();
    }

    @Test
    void reserved_and_invalid_keys_are_refused_with_the_rule() {
        assertThatThrownBy(() -> embeddings.add(QUERY, TextSegment.from("x", new Metadata().put("lc4j.text", "y"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserves");
        assertThatThrownBy(() -> embeddings.add(QUERY, TextSegment.from("x", new Metadata().put("a key", "y"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a key'")
                .hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> search(metadataKey("lc4j.types").isEqualTo("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserves");
        assertThat(all()).isEmpty();
    }

    @Test
    void an_unsupported_filter_is_refused_naming_the_alternatives() {
        Filter custom = metadata -> true;

        assertThatThrownBy(() -> search(custom))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("IsEqualTo")
                .hasMessageContaining("filter.test(");
        assertThatThrownBy(() -> embeddings.removeAll(custom)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void the_namespace_view_does_not_deduplicate_repeated_text() {
        embeddings.add(QUERY, TextSegment.from("same"));
        embeddings.add(QUERY, TextSegment.from("same"));

        assertThat(all()).hasSize(2);
    }

    private List<EmbeddingMatch<TextSegment>> all() {
        return embeddings.search(EmbeddingSearchRequest.builder().queryEmbedding(QUERY).maxResults(100).build())
                .matches();
    }

    private List<EmbeddingMatch<TextSegment>> search(Filter filter) {
        return embeddings.search(EmbeddingSearchRequest.builder().queryEmbedding(QUERY).maxResults(100)
                .filter(filter).build()).matches();
    }

    /** LangChain4j's own evaluation, to show the store agrees with it. */
    private static boolean filterTestAgrees(Filter filter, Metadata metadata) {
        return filter.test(metadata);
    }

    private Namespace raw() {
        return store.namespace("unit", namespace, NamespaceOptions.defaults().exactDedup(false));
    }
}
