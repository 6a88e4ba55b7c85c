package dev.agentmemory.embeddings.onnx;

import static dev.agentmemory.embeddings.onnx.Vectors.cosine;
import static dev.agentmemory.embeddings.onnx.Vectors.norm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs the real models from their jars; no mocks. */
class LocalEmbedderTest {

    @ParameterizedTest
    @EnumSource(LocalModel.class)
    void each_model_loads_from_its_jar_and_gives_unit_vectors_of_384_dimensions(LocalModel model) {
        LocalEmbedder embedder = LocalEmbedder.shared(model);
        assertThat(LocalEmbedder.shared(model)).isSameAs(embedder);
        assertThat(embedder.name()).isEqualTo(model.displayName());
        float[] v = embedder.embed("Alice's team meets on Tuesdays");
        assertThat(v).hasSize(384);
        assertThat(norm(v)).isCloseTo(1.0, within(1e-4));
        assertThat(embedder.embedAll(List.of("Alice's team meets on Tuesdays")).get(0)).isEqualTo(v);
    }

    @ParameterizedTest
    @EnumSource(LocalModel.class)
    void each_model_puts_the_answer_nearer_to_the_question_than_an_unrelated_note(LocalModel model) {
        LocalEmbedder embedder = LocalEmbedder.shared(model);
        float[] q = embedder.embedQuery("What kind of pet does Alice have?");
        List<float[]> passages = embedder.embedAll(List.of("Alice adopted a grey cat from the shelter last spring",
                "The quarterly budget review moved to Thursday"));
        assertThat(cosine(q, passages.get(0))).isGreaterThan(cosine(q, passages.get(1)) + 0.05);
    }

    @Test
    void bge_prefixes_queries_with_its_instruction_and_leaves_passages_plain() {
        LocalEmbedder bge = LocalEmbedder.shared(LocalModel.BGE_SMALL_EN_V15);
        String q = "when does the team meet";
        float[] query = bge.embedQuery(q);
        assertThat(query).isEqualTo(bge.embed("Represent this sentence for searching relevant passages: " + q));
        assertThat(query).isNotEqualTo(bge.embed(q));
        assertThat(bge.embedQueries(List.of(q, "x")).get(0)).isEqualTo(query);
    }

    @Test
    void e5_prefixes_queries_and_passages_differently() {
        LocalEmbedder e5 = LocalEmbedder.shared(LocalModel.E5_SMALL_V2);
        assertThat(LocalModel.E5_SMALL_V2.queryPrefix()).isEqualTo("query: ");
        assertThat(LocalModel.E5_SMALL_V2.passagePrefix()).isEqualTo("passage: ");
        String text = "the team meets on Tuesdays";
        float[] asQuery = e5.embedQuery(text);
        float[] asPassage = e5.embed(text);
        assertThat(asQuery).isNotEqualTo(asPassage);
        // "passage: " + "query: x" is neither; the passage vector of "query: x" differs from the query vector of x
        assertThat(cosine(asQuery, asPassage)).isLessThan(0.9999);
    }

    @Test
    void minilm_is_symmetric_so_queries_and_passages_embed_alike() {
        LocalEmbedder minilm = LocalEmbedder.shared(LocalModel.ALL_MINILM_L6_V2);
        assertThat(minilm.embedQuery("when does the team meet")).isEqualTo(minilm.embed("when does the team meet"));
        assertThat(MiniLmEmbedder.shared().embed("hello there")).isEqualTo(minilm.embed("hello there"));
    }

    @Test
    void models_are_chosen_by_short_or_full_name_and_an_unknown_name_lists_the_known_ones() {
        assertThat(LocalModel.fromName("bge-small")).isEqualTo(LocalModel.BGE_SMALL_EN_V15);
        assertThat(LocalModel.fromName(" BGE-small-en-v1.5 ")).isEqualTo(LocalModel.BGE_SMALL_EN_V15);
        assertThat(LocalModel.fromName("e5_small_v2")).isEqualTo(LocalModel.E5_SMALL_V2);
        assertThat(LocalModel.fromName("minilm")).isEqualTo(LocalModel.ALL_MINILM_L6_V2);
        assertThatThrownBy(() -> LocalModel.fromName("gpt-embed")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gpt-embed").hasMessageContaining("bge-small").hasMessageContaining("e5-small")
                .hasMessageContaining(LocalModel.PROPERTY);
    }

    @Test
    void the_system_property_chooses_the_configured_model() {
        String before = System.getProperty(LocalModel.PROPERTY);
        try {
            System.setProperty(LocalModel.PROPERTY, "e5-small");
            assertThat(LocalModel.configured()).isEqualTo(LocalModel.E5_SMALL_V2);
            System.setProperty(LocalModel.PROPERTY, "nonsense");
            assertThatThrownBy(LocalModel::configured).isInstanceOf(IllegalArgumentException.class);
        } finally {
            if (before == null) {
                System.clearProperty(LocalModel.PROPERTY);
            } else {
                System.setProperty(LocalModel.PROPERTY, before);
            }
        }
    }

    @Test
    void blank_text_is_refused_with_the_model_named() {
        LocalEmbedder bge = LocalEmbedder.shared(LocalModel.BGE_SMALL_EN_V15);
        assertThatThrownBy(() -> bge.embedQuery("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bge-small-en-v1.5 (quantized): query is empty or whitespace only");
        assertThatThrownBy(() -> bge.embedQueries(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queries is null");
    }

    @Test
    void eight_threads_get_the_vectors_one_thread_gets() throws Exception {
        LocalEmbedder bge = LocalEmbedder.shared(LocalModel.BGE_SMALL_EN_V15);
        List<String> texts = List.of("The cat sits on the mat", "Quarterly revenue grew", "Bob rides a red bicycle",
                "How do I reset my password?");
        List<float[]> expected = new ArrayList<>();
        for (String t : texts) {
            expected.add(bge.embedQuery(t));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    int checked = 0;
                    for (int i = 0; i < 6; i++) {
                        int k = (offset + i) % texts.size();
                        assertThat(bge.embedQuery(texts.get(k))).isEqualTo(expected.get(k));
                        checked++;
                    }
                    return checked;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : futures) {
                total += f.get(120, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(48);
        } finally {
            pool.shutdown();
        }
    }
}
