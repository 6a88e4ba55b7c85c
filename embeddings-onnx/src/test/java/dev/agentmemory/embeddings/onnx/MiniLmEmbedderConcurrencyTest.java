package dev.agentmemory.embeddings.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Brute-force evidence that the shared model needs no lock: many threads embedding at once
 * get bit-for-bit the vectors one thread gets. A data race in the tokenizer or the ONNX
 * session would show up as a wrong vector or an exception.
 */
class MiniLmEmbedderConcurrencyTest {

    private static final int THREADS = 16;
    private static final int TEXTS = 20;
    private static final long HANG_GUARD_SECONDS = 300;

    private final MiniLmEmbedder embedder = MiniLmEmbedder.shared();

    @Test
    void sixteen_threads_get_exactly_the_vectors_one_thread_gets() throws Exception {
        List<String> texts = texts();
        List<float[]> expected = new ArrayList<>();
        for (String text : texts) {
            expected.add(embedder.embed(text));
        }

        runConcurrently(THREADS, worker -> {
            // Each worker starts at a different text, so different texts run at the same time.
            for (int k = 0; k < TEXTS; k++) {
                int i = (worker + k) % TEXTS;
                float[] actual = embedder.embed(texts.get(i));
                if (!Arrays.equals(actual, expected.get(i))) {
                    throw new AssertionError("worker " + worker + ", text " + i + " (" + texts.get(i)
                            + "): vector differs from the single-threaded one");
                }
            }
        });
    }

    @Test
    void concurrent_embedAll_calls_get_exactly_the_vectors_one_thread_gets() throws Exception {
        List<String> texts = texts();
        List<float[]> expected = new ArrayList<>();
        for (String text : texts) {
            expected.add(embedder.embed(text));
        }

        runConcurrently(4, worker -> {
            List<float[]> actual = embedder.embedAll(texts);
            for (int i = 0; i < TEXTS; i++) {
                if (!Arrays.equals(actual.get(i), expected.get(i))) {
                    throw new AssertionError("worker " + worker + ", text " + i + " (" + texts.get(i)
                            + "): embedAll vector differs from the single-threaded embed");
                }
            }
        });
    }

    private interface Work {
        void run(int worker) throws Exception;
    }

    /** Starts all workers from one latch; rethrows the first failure; bounded against hangs. */
    private static void runConcurrently(int threads, Work work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int w = 0; w < threads; w++) {
                int worker = w;
                pool.execute(() -> {
                    try {
                        start.await();
                        work.run(worker);
                    } catch (Throwable t) {
                        firstFailure.compareAndSet(null, t);
                    }
                });
            }
            start.countDown();
            pool.shutdown();
            if (!pool.awaitTermination(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
                fail("workers still running after " + HANG_GUARD_SECONDS + " s: deadlock or hang in the model");
            }
        } finally {
            pool.shutdownNow();
        }
        Throwable failure = firstFailure.get();
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        assertThat(failure).isNull();
    }

    private static List<String> texts() {
        List<String> texts = List.of(
                "The cat sits on the mat",
                "A kitten is resting on a rug",
                "Quarterly revenue grew by 8 percent",
                "How do I reset my password?",
                "I forgot my login credentials",
                "The recipe needs two cups of flour",
                "The train to Berlin was delayed",
                "My rail journey to Germany ran late",
                "She painted the garden fence blue",
                "He plays guitar in a rock band",
                "Interest rates rose sharply this year",
                "Heavy rain is expected tomorrow",
                "The database index is corrupted",
                "Alice prefers tea over coffee in the morning",
                "Remind me to call the dentist on Friday",
                "The user's favourite colour is green",
                // Texts of very different lengths, so threads are at different stages at once.
                "ok",
                "Long-term memory for agents stores facts, preferences and past conversations so that"
                        + " later turns can retrieve them by meaning rather than by exact words.",
                "Zürich, São Paulo and Kraków are cities; naïve café résumé",
                "SELECT * FROM memories WHERE namespace = 'alice/personal' ORDER BY created_at DESC");
        assertThat(texts).hasSize(TEXTS);
        return texts;
    }
}
