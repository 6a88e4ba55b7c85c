package dev.agentmemory.embeddings.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The micro-batcher over the real MiniLM model: eight threads embedding at once share batched
 * model calls (the test asserts a batch of more than one text formed) and every thread gets
 * exactly the vector a lone {@link MiniLmEmbedder#embed(String)} gives.
 */
class MicroBatchingMiniLmTest {

    private static final int THREADS = 8;
    private static final int EACH = 6;

    @Test
    void eight_threads_share_batched_model_calls_and_get_the_vectors_of_one_by_one_calls() throws Exception {
        MiniLmEmbedder model = MiniLmEmbedder.shared();
        List<String> texts = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < THREADS * EACH; i++) {
            String text = "note " + i + ": the team reviews the quarterly plan on day " + (i % 7);
            texts.add(text);
            expected.add(model.embed(text));
        }
        try (MicroBatchingEmbedder batcher = MicroBatchingEmbedder.builder(model).maxWait(Duration.ofMillis(1)).build()) {
            Concurrently.run(THREADS, TimeUnit.MINUTES.toSeconds(5), worker -> {
                for (int k = 0; k < EACH; k++) {
                    int i = worker * EACH + k;
                    assertThat(batcher.embed(texts.get(i))).as(texts.get(i)).containsExactly(expected.get(i));
                }
            });
            MicroBatchingEmbedder.Stats stats = batcher.stats();
            assertThat(stats.texts()).isEqualTo(THREADS * EACH);
            assertThat(stats.largestBatch()).as("a batch of more than one text formed: %s", stats).isGreaterThan(1);
            assertThat(stats.batches()).isLessThan(THREADS * EACH);
        }
    }
}
