package dev.agentmemory.embeddings.onnx;

import static dev.agentmemory.embeddings.onnx.Vectors.cosine;
import static dev.agentmemory.embeddings.onnx.Vectors.norm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the real model from the jar; no mocks. */
class MiniLmEmbedderTest {

    private final MiniLmEmbedder embedder = MiniLmEmbedder.shared();

    @Test
    void shared_returns_one_instance_that_describes_the_model() {
        assertThat(MiniLmEmbedder.shared()).isSameAs(embedder);
        assertThat(embedder.name()).isEqualTo("all-MiniLM-L6-v2 (quantized)");
        assertThat(embedder.dimension()).isEqualTo(384);
    }

    @Test
    void a_vector_has_384_finite_components_and_unit_length() {
        float[] v = embedder.embed("The cat sits on the mat");

        assertThat(v).hasSize(384);
        for (int i = 0; i < v.length; i++) {
            assertThat(Float.isFinite(v[i])).as("component %d = %s", i, v[i]).isTrue();
        }
        assertThat(norm(v)).isCloseTo(1.0, within(1e-4));
        // A model that returned zeros or one constant would pass the checks above.
        assertThat(IntStream.range(0, v.length).mapToObj(i -> v[i]).distinct().count()).isGreaterThan(300);
    }

    @Test
    void the_same_text_gives_the_same_vector_and_a_fresh_array_each_time() {
        float[] first = embedder.embed("Remember that Alice prefers tea over coffee.");
        float[] second = embedder.embed("Remember that Alice prefers tea over coffee.");
        float[] other = embedder.embed("Remember that Bob prefers coffee over tea.");

        assertThat(second).isEqualTo(first).isNotSameAs(first);
        assertThat(other).isNotEqualTo(first);
    }

    @ParameterizedTest(name = "{0} | {1} | {2}")
    @CsvSource(delimiter = '|', textBlock = """
            The cat sits on the mat                | A kitten is resting on a rug              | Quarterly revenue grew by 8 percent
            How do I reset my password?            | I forgot my login credentials             | The recipe needs two cups of flour
            The train to Berlin was delayed        | My rail journey to Germany ran late       | She painted the garden fence blue
            He plays guitar in a rock band         | The musician performs with his group      | Interest rates rose sharply this year
            Heavy rain is expected tomorrow        | The forecast says it will pour            | The database index is corrupted
            The patient was prescribed antibiotics | The doctor gave her medicine for the infection | The football match ended in a draw
            """)
    void a_related_sentence_is_closer_than_an_unrelated_one(String anchor, String related, String unrelated) {
        float[] a = embedder.embed(anchor);
        double toRelated = cosine(a, embedder.embed(related));
        double toUnrelated = cosine(a, embedder.embed(unrelated));

        assertThat(toRelated).as("cosine(anchor, related) vs cosine(anchor, unrelated) = %s", toUnrelated)
                .isGreaterThan(toUnrelated + 0.25);
    }

    @Test
    void embedAll_gives_the_vectors_of_embed_one_by_one_in_order() {
        List<String> texts = List.of(
                "The cat sits on the mat",
                "Quarterly revenue grew by 8 percent",
                "A kitten is resting on a rug",
                "How do I reset my password?",
                "The train to Berlin was delayed",
                "x");

        List<float[]> batch = embedder.embedAll(texts);

        assertThat(batch).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(batch.get(i)).as("texts[%d] %s", i, texts.get(i))
                    .containsExactly(embedder.embed(texts.get(i)), within(1e-5f));
        }
    }

    @Test
    void the_one_thread_session_gives_the_vectors_of_langchain4j_own_model() {
        // LangChain4j's model class opens the same files with ONNX Runtime's default threading;
        // ours runs each call on one thread. Threading must not change a vector.
        var theirs = new dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel();
        for (String text : List.of("The cat sits on the mat", "Quarterly revenue grew by 8 percent", "x",
                "Ünïcödé naïve café résumé", "cat ".repeat(300))) {
            assertThat(embedder.embed(text)).as(text)
                    .containsExactly(theirs.embed(text).content().vector(), within(1e-6f));
        }
    }

    @Test
    void embedAll_of_one_text_and_of_no_text() {
        assertThat(embedder.embedAll(List.of("just one"))).singleElement()
                .satisfies(v -> assertThat(v).containsExactly(embedder.embed("just one"), within(1e-5f)));
        assertThat(embedder.embedAll(List.of())).isEmpty();
    }

    @Test
    void only_the_first_126_tokens_count_as_documented() {
        // "cat" is one WordPiece token, so n repetitions are n tokens.
        String atLimit = "cat ".repeat(MiniLmEmbedder.MAX_TOKENS);
        String belowLimit = "cat ".repeat(MiniLmEmbedder.MAX_TOKENS - 1);

        assertThat(embedder.embed(atLimit + "quarterly revenue grew")).isEqualTo(embedder.embed(atLimit));
        assertThat(embedder.embed(belowLimit + "quarterly revenue grew")).isNotEqualTo(embedder.embed(belowLimit));
    }

    @Test
    void a_null_text_is_rejected_with_the_fix() {
        assertThatThrownBy(() -> embedder.embed(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("all-MiniLM-L6-v2 (quantized)")
                .hasMessageContaining("text is null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n ", "\u2003", "\u0000\u0001"})
    void an_empty_or_whitespace_only_text_is_rejected(String text) {
        assertThatThrownBy(() -> embedder.embed(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text is empty or whitespace only");
    }

    @Test
    void a_text_with_no_token_the_model_knows_is_rejected_by_the_model_with_our_message() {
        // A zero-width space is neither blank nor trimmed, but the tokenizer drops it.
        assertThatThrownBy(() -> embedder.embed("\u200B"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("all-MiniLM-L6-v2 (quantized): the model cannot embed text (1 chars)");
        assertThatThrownBy(() -> embedder.embedAll(List.of("fine", "\u200B")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embedAll of 2 texts: the model rejected one");
    }

    @Test
    void embedAll_names_the_bad_text_and_embeds_nothing() {
        List<String> texts = new ArrayList<>(Arrays.asList("fine", "also fine", null));
        assertThatThrownBy(() -> embedder.embedAll(texts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("texts[2] is null");

        assertThatThrownBy(() -> embedder.embedAll(List.of("fine", "  ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("texts[1] is empty or whitespace only");

        assertThatThrownBy(() -> embedder.embedAll(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("texts is null");
    }
}
