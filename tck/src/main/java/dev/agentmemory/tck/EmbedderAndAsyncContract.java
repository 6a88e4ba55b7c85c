package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.agentmemory.AsyncMemoryStore;
import dev.agentmemory.AsyncMemoryStore.AsyncNamespace;
import dev.agentmemory.Embedder;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.Metric;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.SearchMode;
import dev.agentmemory.ValidationException;
import dev.agentmemory.tck.support.SearchOracle;
import dev.agentmemory.tck.support.WordHashEmbedder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: the embedder wiring (drafts without a
 * vector and text searches) and the asynchronous view with its back-pressure.
 */
public interface EmbedderAndAsyncContract extends StoreFixture {
    /** The vector dimension of this area's memories. */
    int DIM = 32;

    @Test
    default void with_an_embedder_drafts_without_a_vector_are_embedded_and_text_searches_work() {
        WordHashEmbedder embedder = new WordHashEmbedder(DIM);
        MemoryStore store = openStore(b -> b.embedder(embedder));
        Namespace ns = store.namespace(newTenant(), "notes");
        MemoryId tea = ns.put(MemoryDraft.of("Alice prefers green tea in the morning"));
        ns.putAll(List.of(MemoryDraft.of("The team meets on Tuesdays"), MemoryDraft.of("Bob rides a red bicycle")));
        MemoryId explicit = ns.put(MemoryDraft.of("given vector").embedding(embedder.embed("quarterly revenue")));

        assertThat(ns.get(tea).orElseThrow().embedding()).containsExactly(embedder.embed("Alice prefers green tea in the morning"));
        List<Match> hits = ns.search(Search.text("what tea does Alice like?").topK(2));
        assertThat(hits.get(0).memory().id()).isEqualTo(tea);
        assertThat(store.search(ns.tenant(), List.of("notes", "empty"), Search.text("revenue this quarter")).get(0)
                .memory().id()).isEqualTo(explicit);
    }

    @Test
    default void without_an_embedder_text_is_refused_with_a_clear_error() {
        Namespace ns = newNamespace();
        ns.put(draft("something", 4));
        var e = assertRejected(store(), ErrorCode.NO_EMBEDDER, "search",
                () -> ns.search(Search.text("anything").mode(SearchMode.VECTOR)));
        assertThat(e.getMessage()).contains("embedder");
        assertRejected(store(), ErrorCode.INVALID_VECTOR, "put", () -> ns.put(MemoryDraft.of("no vector")));
        assertThat(ns.count()).isEqualTo(1);
    }

    @Test
    default void an_embedder_failure_is_a_typed_error_and_nothing_is_stored() {
        MemoryStore store = openStore(b -> b.embedder(new WordHashEmbedder(DIM)));
        Namespace ns = store.namespace(newTenant(), "poison");
        Throwable e = catchThrowable(() -> ns.putAll(List.of(MemoryDraft.of("fine"),
                MemoryDraft.of("not " + WordHashEmbedder.POISON))));
        assertThat(e).isInstanceOf(MemoryStoreException.class);
        assertThat(((MemoryStoreException) e).code()).as("text the embedder refuses is the caller's input")
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains(store.describe()).contains("putAll").contains("word-hash");
        assertThat(ns.count()).isZero();
        assertRejected(store, ErrorCode.INVALID_ARGUMENT, "search", () -> ns.search(Search.text("   ")));
    }

    @Test
    default void a_search_text_is_embedded_as_a_query_and_a_memory_as_a_passage() {
        WordHashEmbedder words = new WordHashEmbedder(DIM);
        List<String> queries = new ArrayList<>();
        // An asymmetric model in miniature: a query is embedded as if it were the words "topic" + query.
        Embedder asymmetric = new Embedder() {
            @Override
            public String name() {
                return "asymmetric-word-hash";
            }

            @Override
            public int dimension() {
                return DIM;
            }

            @Override
            public float[] embed(String text) {
                return words.embed(text);
            }

            @Override
            public List<float[]> embedQueries(List<String> texts) {
                queries.addAll(texts);
                return texts.stream().map(t -> words.embed("topic " + t)).toList();
            }
        };
        MemoryStore store = openStore(b -> b.embedder(asymmetric));
        Namespace ns = store.namespace(newTenant(), "notes");
        MemoryId note = ns.put(MemoryDraft.of("the budget"));
        assertThat(ns.get(note).orElseThrow().embedding()).as("content embedded as a passage")
                .containsExactly(words.embed("the budget"));
        List<Match> hits = ns.search(Search.text("budget").topK(1));
        assertThat(queries).containsExactly("budget");
        // The vector side's own score: in a hybrid search the match's score is the fused one.
        assertThat(hits.get(0).explanation().vectorScore()).as("the query vector came from embedQueries").isPresent();
        assertThat(hits.get(0).explanation().vectorScore().getAsDouble()).as("the query vector came from embedQueries")
                .isCloseTo(SearchOracle.score(Metric.COSINE, words.embed("topic budget"), words.embed("the budget")),
                        within(1e-5));
    }

    @Test
    default void an_embedder_that_breaks_is_embedder_failed_not_the_callers_fault() {
        Embedder broken = new Embedder() {
            @Override
            public String name() {
                return "broken-model";
            }

            @Override
            public int dimension() {
                return DIM;
            }

            @Override
            public float[] embed(String text) {
                throw new IllegalStateException("the model session is gone");
            }
        };
        MemoryStore store = openStore(b -> b.embedder(broken));
        Namespace ns = store.namespace(newTenant(), "broken");
        MemoryStoreException e = catchThrowableOfType(MemoryStoreException.class, () -> ns.put(MemoryDraft.of("text")));
        assertThat(e.code()).isEqualTo(ErrorCode.EMBEDDER_FAILED);
        assertThat(e.getMessage()).startsWith("[" + store.describe() + "] put(").contains("broken-model")
                .contains("the model session is gone");
        assertThat(ns.count()).isZero();
    }

    @Test
    default void an_embedder_that_returns_too_few_vectors_is_a_typed_error_with_the_store_named() {
        Embedder short1 = new Embedder() {
            @Override
            public String name() {
                return "short-by-one";
            }

            @Override
            public int dimension() {
                return DIM;
            }

            @Override
            public float[] embed(String text) {
                return vector(DIM);
            }

            @Override
            public List<float[]> embedAll(List<String> texts) {
                return texts.stream().skip(1).map(this::embed).toList();
            }
        };
        MemoryStore store = openStore(b -> b.embedder(short1));
        Namespace ns = store.namespace(newTenant(), "short");
        MemoryStoreException e = catchThrowableOfType(MemoryStoreException.class,
                () -> ns.putAll(List.of(MemoryDraft.of("one"), MemoryDraft.of("two"))));
        assertThat(e.code()).isEqualTo(ErrorCode.EMBEDDER_FAILED);
        assertThat(e.getMessage()).startsWith("[" + store.describe() + "] putAll(").contains("short-by-one")
                .contains("returned 1 vectors for 2 texts");
        assertThat(ns.count()).isZero();
    }

    @Test
    default void a_transaction_never_runs_the_embedder_and_names_the_alternative() {
        WordHashEmbedder embedder = new WordHashEmbedder(DIM);
        MemoryStore store = openStore(b -> b.embedder(embedder));
        String tenant = newTenant();
        ValidationException refused = catchThrowableOfType(ValidationException.class, () -> store.inTransaction(tenant,
                tx -> tx.put("notes", MemoryDraft.of("a draft without a vector"))));
        assertThat(refused.code()).isEqualTo(ErrorCode.EMBEDDING_REQUIRED);
        assertThat(refused.getMessage()).contains("MemoryStore.embedded");
        assertThat(embedder.embedded()).as("texts embedded by the refused transaction").isZero();

        Throwable inside = catchThrowable(() -> store.inTransaction(tenant,
                tx -> store.embedded(List.of(MemoryDraft.of("embedded inside the callback")))));
        assertThat(inside).isInstanceOf(IllegalStateException.class).hasMessageContaining("inTransaction callback");
        assertThat(embedder.embedded()).as("texts embedded inside a callback").isZero();

        List<MemoryDraft> ready = store.embedded(List.of(MemoryDraft.of("embedded before the transaction"),
                MemoryDraft.of("given its vector").embedding(vector(DIM))));
        assertThat(embedder.embedded()).as("only the draft without a vector is embedded").isEqualTo(1);
        assertThat(ready.get(0).embedding()).containsExactly(embedder.embed("embedded before the transaction"));
        List<MemoryId> ids = store.inTransaction(tenant, tx -> List.of(tx.put("notes", ready.get(0)),
                tx.put("notes", ready.get(1))));
        assertThat(store.namespace(tenant, "notes").getAll(ids)).hasSize(2);
    }

    /** The two signals of one round of the blocking-embedder test. */
    record Round(CountDownLatch inferring, CountDownLatch otherCommitted) {
        Round() {
            this(new CountDownLatch(1), new CountDownLatch(1));
        }
    }

    /**
     * An embedder that blocks until another thread's write into the same namespace has
     * committed: if the store ran inference while it held the writer (SQLite's one writer
     * connection, a server's namespace row lock), the other write could not commit, the model
     * would never return, and the round would fail after its timeout.
     */
    @Test
    default void no_inference_runs_while_the_writer_is_held() throws Exception {
        AtomicReference<Round> round = new AtomicReference<>();
        WordHashEmbedder words = new WordHashEmbedder(DIM);
        Embedder blocking = new Embedder() {
            @Override
            public String name() {
                return "blocking";
            }

            @Override
            public int dimension() {
                return DIM;
            }

            @Override
            public float[] embed(String text) {
                Round r = round.get();
                if (text.startsWith("block:") && r != null) {
                    r.inferring().countDown();
                    try {
                        if (!r.otherCommitted().await(20, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the other write did not commit while the model ran");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
                return words.embed(text);
            }
        };
        MemoryStore store = openStore(b -> b.embedder(blocking));
        Namespace ns = store.namespace(newTenant(), "blocking");
        MemoryId existing = ns.put(MemoryDraft.of("an existing memory").embedding(vector(DIM)));
        long version = ns.get(existing).orElseThrow().version();
        Map<String, Callable<Object>> writes = new LinkedHashMap<>();
        writes.put("put", () -> ns.put(MemoryDraft.of("block: a put")));
        writes.put("putAll", () -> ns.putAll(List.of(MemoryDraft.of("block: a putAll"), MemoryDraft.of("a second"))));
        writes.put("update", () -> ns.update(existing, version, MemoryDraft.of("block: an update")));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (Map.Entry<String, Callable<Object>> write : writes.entrySet()) {
                Round r = new Round();
                round.set(r);
                Future<Object> blocked = pool.submit(write.getValue());
                assertThat(r.inferring().await(20, TimeUnit.SECONDS)).as(write.getKey() + " started inference").isTrue();
                ns.put(MemoryDraft.of("committed while the model ran for " + write.getKey()).embedding(vector(DIM)));
                r.otherCommitted().countDown();
                assertThat(blocked.get(30, TimeUnit.SECONDS)).as(write.getKey() + " after the other write").isNotNull();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ns.count()).isEqualTo(1 + 1 + 2 + 3);
    }

    @Test
    default void the_async_view_runs_operations_and_completes_futures() throws Exception {
        AsyncMemoryStore async = store().async();
        AsyncNamespace ns = async.namespace(newTenant(), "async");
        List<CompletableFuture<MemoryId>> puts = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            float[] v = vector(8);
            vectors.add(v);
            puts.add(ns.put(MemoryDraft.of("async " + i).embedding(v)));
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(ns.count().get(30, TimeUnit.SECONDS)).isEqualTo(50);
        for (int i = 0; i < 50; i += 7) {
            MemoryId id = puts.get(i).get();
            Memory m = ns.get(id).get(30, TimeUnit.SECONDS).orElseThrow();
            assertThat(m.content()).isEqualTo("async " + i);
            assertThat(ns.search(Search.vector(vectors.get(i)).topK(1)).get(30, TimeUnit.SECONDS).get(0).memory().id())
                    .isEqualTo(id);
        }
        Throwable failed = catchThrowable(() -> ns.put(MemoryDraft.of("")).join());
        assertThat(failed).isInstanceOf(CompletionException.class);
        assertThat(failed.getCause()).isInstanceOf(dev.agentmemory.ValidationException.class);
    }

    @Test
    default void a_full_async_queue_fails_at_once_with_overloaded_and_the_store_recovers() throws Exception {
        MemoryStore store = openStore(b -> b.async(2, 3));
        AsyncMemoryStore async = store.async();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        List<CompletableFuture<Integer>> blockers = new ArrayList<>();
        for (int i = 0; i < 2 + 3; i++) {
            blockers.add(async.call(s -> {
                started.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 1;
            }));
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).as("both executor threads busy").isTrue();
        assertThat(async.queued()).isEqualTo(3);

        CompletableFuture<Long> refused = async.namespace(newTenant(), "busy").count();
        Throwable e = catchThrowable(refused::join);
        assertThat(e.getCause()).isInstanceOf(MemoryStoreException.class);
        assertThat(((MemoryStoreException) e.getCause()).code()).isEqualTo(ErrorCode.OVERLOADED);
        assertThat(e.getCause().getMessage()).contains("queued");

        release.countDown();
        for (CompletableFuture<Integer> b : blockers) {
            assertThat(b.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(async.namespace(newTenant(), "calm").count().get(30, TimeUnit.SECONDS)).isZero();
    }
}
