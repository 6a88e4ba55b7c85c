package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.agentmemory.AsyncMemoryStore;
import dev.agentmemory.AsyncMemoryStore.AsyncNamespace;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.tck.support.WordHashEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        var e = assertRejected(store(), ErrorCode.NO_EMBEDDER, "search", () -> ns.search(Search.text("anything")));
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
        assertThat(((MemoryStoreException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains(store.describe()).contains("putAll").contains("word-hash");
        assertThat(ns.count()).isZero();
        assertRejected(store, ErrorCode.INVALID_ARGUMENT, "search", () -> ns.search(Search.text("   ")));
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
