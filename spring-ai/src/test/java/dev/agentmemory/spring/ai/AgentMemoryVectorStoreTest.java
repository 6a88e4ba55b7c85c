package dev.agentmemory.spring.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;

class AgentMemoryVectorStoreTest {
    @TempDir
    static Path dir;

    private static MemoryStore store;
    private AgentMemoryVectorStore docs;

    @BeforeAll
    static void open() {
        store = TestStores.sqlite(dir);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @BeforeEach
    void freshNamespace() {
        docs = AgentMemoryVectorStore.builder(store, TestStores.model())
                .tenant("alice").namespace(TestStores.freshNamespace("docs")).build();
    }

    private static Document doc(String id, String text, Map<String, Object> metadata) {
        return Document.builder().id(id).text(text).metadata(metadata).build();
    }

    private List<Document> search(String query, String filter) {
        SearchRequest.Builder request = SearchRequest.builder().query(query).topK(10).similarityThresholdAll();
        if (filter != null) {
            request.filterExpression(filter);
        }
        return docs.similaritySearch(request.build());
    }

    private static Set<String> ids(List<Document> found) {
        return found.stream().map(Document::getId).collect(Collectors.toSet());
    }

    @Test
    void search_returns_the_nearest_documents_with_score_distance_and_metadata() {
        docs.add(List.of(doc("a", "red apples grow on trees", Map.of("kind", "fruit", "year", 2021)),
                doc("b", "blue whales swim in oceans", Map.of("kind", "animal", "weight", 2.5))));

        List<Document> found = search("red apples", null);

        assertThat(found).extracting(Document::getId).containsExactly("a", "b");
        Document best = found.get(0);
        assertThat(best.getText()).isEqualTo("red apples grow on trees");
        assertThat(best.getScore()).isGreaterThan(found.get(1).getScore());
        assertThat(best.getMetadata()).containsEntry("kind", "fruit").containsEntry("year", 2021);
        assertThat((float) best.getMetadata().get("distance")).isCloseTo((float) (1 - best.getScore()),
                org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(found.get(1).getMetadata()).containsEntry("weight", 2.5);
    }

    @Test
    void a_similarity_threshold_drops_weaker_matches() {
        docs.add(List.of(doc("a", "red apples", Map.of()), doc("b", "blue whales", Map.of())));

        List<Document> found = docs.similaritySearch(SearchRequest.builder().query("red apples").topK(5)
                .similarityThreshold(0.99).build());

        assertThat(found).extracting(Document::getId).containsExactly("a");
        assertThat(found.get(0).getScore()).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void adding_an_existing_id_replaces_the_document_and_any_string_is_an_id() {
        docs.add(List.of(doc("chunk-7", "first text", Map.of("v", 1))));
        docs.add(List.of(doc("chunk-7", "second text", Map.of("v", 2))));

        List<Document> found = search("second text", null);

        assertThat(found).hasSize(1);
        assertThat(found.get(0).getId()).isEqualTo("chunk-7");
        assertThat(found.get(0).getText()).isEqualTo("second text");
        assertThat(found.get(0).getMetadata()).containsEntry("v", 2).doesNotContainKey("springai.id");
        docs.delete(List.of("chunk-7"));
        assertThat(search("second text", null)).isEmpty();
    }

    @Test
    void every_filter_operator_selects_what_spring_ai_means() {
        docs.add(List.of(
                doc("bg20", "city guide one", Map.of("country", "BG", "year", 2020, "open", true)),
                doc("nl21", "city guide two", Map.of("country", "NL", "year", 2021, "open", false)),
                doc("bg23", "city guide three", Map.of("country", "BG", "year", 2023)),
                doc("none", "city guide four", Map.of())));

        assertThat(ids(search("city", "country == 'BG'"))).containsExactlyInAnyOrder("bg20", "bg23");
        assertThat(ids(search("city", "country != 'BG'"))).containsExactlyInAnyOrder("nl21", "none");
        assertThat(ids(search("city", "year > 2020"))).containsExactlyInAnyOrder("nl21", "bg23");
        assertThat(ids(search("city", "year >= 2021 && year <= 2021"))).containsExactly("nl21");
        assertThat(ids(search("city", "year < 2021"))).containsExactly("bg20");
        assertThat(ids(search("city", "country in ['NL', 'XX']"))).containsExactly("nl21");
        assertThat(ids(search("city", "country nin ['BG']"))).containsExactlyInAnyOrder("nl21", "none");
        assertThat(ids(search("city", "country == 'NL' || year == 2023"))).containsExactlyInAnyOrder("nl21", "bg23");
        assertThat(ids(search("city", "not(country == 'BG')"))).containsExactlyInAnyOrder("nl21", "none");
        assertThat(ids(search("city", "open == true"))).containsExactly("bg20");
        assertThat(ids(search("city", "open IS NULL"))).containsExactlyInAnyOrder("bg23", "none");
        assertThat(ids(search("city", "open IS NOT NULL"))).containsExactlyInAnyOrder("bg20", "nl21");
        FilterExpressionBuilder b = new FilterExpressionBuilder();
        assertThat(ids(docs.similaritySearch(SearchRequest.builder().query("city").topK(10).similarityThresholdAll()
                .filterExpression(b.and(b.eq("country", "BG"), b.group(b.or(b.lt("year", 2021), b.gt("year", 2022))))
                        .build()).build()))).containsExactlyInAnyOrder("bg20", "bg23");
    }

    @Test
    void a_filtered_search_still_finds_top_k_when_many_others_are_nearer() {
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(doc("near-" + i, "apple pie recipe " + i, Map.of("kind", "near")));
        }
        batch.add(doc("far", "completely unrelated words", Map.of("kind", "far")));
        docs.add(batch);

        List<Document> found = docs.similaritySearch(SearchRequest.builder().query("apple pie recipe").topK(1)
                .similarityThresholdAll().filterExpression("kind == 'far'").build());

        assertThat(found).extracting(Document::getId).containsExactly("far");
    }

    @Test
    void delete_by_filter_removes_only_the_matching_documents_of_this_namespace() {
        AgentMemoryVectorStore other = AgentMemoryVectorStore.builder(store, TestStores.model())
                .tenant("alice").namespace(TestStores.freshNamespace("other")).build();
        docs.add(List.of(doc("x", "kept text", Map.of("tag", "keep")), doc("y", "gone text", Map.of("tag", "drop"))));
        other.add(List.of(doc("z", "other text", Map.of("tag", "drop")), doc("x", "same id elsewhere", Map.of())));

        docs.delete("tag == 'drop'");
        docs.delete(List.of("z"));   // an id of another namespace: nothing happens

        assertThat(ids(search("text", null))).containsExactly("x");
        assertThat(ids(other.similaritySearch(SearchRequest.builder().query("text").similarityThresholdAll().build())))
                .containsExactlyInAnyOrder("z", "x");
    }

    @Test
    void tenants_never_see_each_others_documents() {
        String name = TestStores.freshNamespace("shared-name");
        AgentMemoryVectorStore alice = AgentMemoryVectorStore.builder(store, TestStores.model())
                .tenant("alice").namespace(name).build();
        AgentMemoryVectorStore bob = AgentMemoryVectorStore.builder(store, TestStores.model())
                .tenant("bob").namespace(name).build();
        alice.add(List.of(doc("secret", "alice private note", Map.of())));

        assertThat(bob.similaritySearch(SearchRequest.builder().query("alice private note").similarityThresholdAll()
                .build())).isEmpty();
    }

    @Test
    void bad_input_is_refused_with_a_message_that_says_what_to_change() {
        assertThatThrownBy(() -> docs.add(List.of(doc("a", "text", Map.of("bad key!", 1)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad key!'")
                .hasMessageContaining("rename the key");
        assertThatThrownBy(() -> docs.add(List.of(doc("a", "text", Map.of("springai.id", "x")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserves");
        assertThatThrownBy(() -> docs.add(List.of(doc("a", "text", Map.of("when", new java.util.Date())))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strings, numbers and booleans");
        assertThatThrownBy(() -> docs.add(List.of(doc("a", "one", Map.of()), doc("a", "two", Map.of()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeat the id a");
        assertThat(search("text", null)).isEmpty();
    }

    @Test
    void the_native_client_is_the_namespace_view() {
        Namespace ns = docs.<Namespace>getNativeClient().orElseThrow();
        docs.add(List.of(doc("a", "counted text", Map.of())));

        assertThat(ns.name()).isEqualTo(docs.namespace());
        assertThat(ns.tenant()).isEqualTo("alice");
        assertThat(ns.count()).isEqualTo(1);
    }

    @Test
    void every_operation_is_a_spring_ai_vector_store_observation() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        AgentMemoryVectorStore observed = AgentMemoryVectorStore.builder(store, TestStores.model())
                .tenant("alice").namespace(TestStores.freshNamespace("observed")).observationRegistry(registry).build();

        observed.add(List.of(doc("a", "observed text", Map.of())));
        observed.similaritySearch(SearchRequest.builder().query("observed").topK(3).build());
        observed.delete(List.of("a"));

        TestObservationRegistryAssert.assertThat(registry)
                .hasNumberOfObservationsWithNameEqualTo("db.vector.client.operation", 3)
                .forAllObservationsWithNameEqualTo("db.vector.client.operation", o -> o
                        .hasLowCardinalityKeyValue("db.system", AgentMemoryVectorStore.DB_SYSTEM)
                        .hasHighCardinalityKeyValue("db.collection.name", "alice/" + observed.namespace())
                        .hasHighCardinalityKeyValue("db.vector.dimension_count", "64")
                        .hasHighCardinalityKeyValue("db.search.similarity_metric", "cosine"))
                .hasAnObservation(o -> o.hasLowCardinalityKeyValue("db.operation.name", "add"))
                .hasAnObservation(o -> o.hasLowCardinalityKeyValue("db.operation.name", "query")
                        .hasHighCardinalityKeyValue("db.vector.query.top_k", "3"))
                .hasAnObservation(o -> o.hasLowCardinalityKeyValue("db.operation.name", "delete"));
    }

    @Test
    void many_threads_add_replace_and_search_one_store_and_every_acknowledged_document_is_found() throws Exception {
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger adding = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger mostAdding = new java.util.concurrent.atomic.AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        String id = "t" + thread + "-" + i;
                        docs.add(List.of(doc(id, "note " + i + " from thread " + thread, Map.of("thread", thread))));
                        // Every thread also rewrites one id all threads share.
                        mostAdding.accumulateAndGet(adding.incrementAndGet(), Math::max);
                        docs.add(List.of(doc("shared", "shared note by " + thread, Map.of("thread", thread))));
                        adding.decrementAndGet();
                        acknowledged.add(id);
                        assertThat(search("note", "thread == " + thread)).isNotEmpty();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        Namespace ns = docs.<Namespace>getNativeClient().orElseThrow();
        assertThat(mostAdding.get()).as("adds of the shared id in flight at once").isGreaterThan(1);
        assertThat(acknowledged).hasSize(threads * each);
        assertThat(ns.count()).isEqualTo(threads * each + 1L);
        for (int t = 0; t < threads; t++) {
            List<Document> mine = docs.similaritySearch(SearchRequest.builder().query("note").topK(100)
                    .similarityThresholdAll().filterExpression("thread == " + t).build());
            Set<String> expected = new java.util.HashSet<>();
            for (int i = 0; i < each; i++) {
                expected.add("t" + t + "-" + i);
            }
            assertThat(ids(mine)).containsAll(expected);
        }
        List<Document> shared = search("shared note", null).stream().filter(d -> d.getId().equals("shared")).toList();
        assertThat(shared).hasSize(1);
        assertThat(shared.get(0).getText()).isEqualTo("shared note by " + shared.get(0).getMetadata().get("thread"));
        // Every add of the shared id after the first replaced it: none was lost to a concurrent one.
        long version = ns.get(dev.agentmemory.spring.ai.internal.DocumentIds.toMemoryId("alice", docs.namespace(),
                "shared")).orElseThrow().version();
        assertThat(version).isEqualTo((long) threads * each);
    }
}
