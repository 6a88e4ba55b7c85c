package dev.agentmemory.rank;

import static dev.agentmemory.rank.Candidates.contents;
import static dev.agentmemory.rank.Candidates.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Match;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.Metric;
import dev.agentmemory.Ranking;
import dev.agentmemory.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RerankerRankingTest {
    private static final List<Match> CANDIDATES = new Candidates()
            .add("Alice plays the cello", 0.9, 1, 0)
            .add("Alice's cat is called Miso", 0.8, 0, 1)
            .add("The cat sleeps all day", 0.7, 1, 1)
            .list();

    /** Scores by the number of query words the content holds: a real, if simple, text model. */
    private static final class WordOverlap implements Reranker {
        String seenQuery;

        @Override
        public String name() {
            return "word-overlap";
        }

        @Override
        public double[] scores(String query, List<Match> candidates) {
            seenQuery = query;
            List<String> words = List.of(query.toLowerCase().split("\\W+"));
            double[] out = new double[candidates.size()];
            for (int i = 0; i < out.length; i++) {
                for (String w : candidates.get(i).memory().content().toLowerCase().split("\\W+")) {
                    out[i] += words.contains(w) ? 1 : 0;
                }
            }
            return out;
        }
    }

    private static Ranking.Context textContext(String query) {
        return new Ranking.Context(query, null, Metric.COSINE, 3, Candidates.NOW);
    }

    @Test
    void the_reranker_s_scores_replace_the_similarity_order() {
        WordOverlap overlap = new WordOverlap();
        List<Match> ranked = Rankings.rerank(overlap).rank(textContext("what is alice's cat called"), CANDIDATES);
        assertThat(overlap.seenQuery).isEqualTo("what is alice's cat called");
        // "alice" and "cat" tie at one word each: a tie keeps the similarity order.
        assertThat(contents(ranked)).containsExactly("Alice's cat is called Miso", "Alice plays the cello",
                "The cat sleeps all day");
        assertThat(ranked.get(0).score()).as("alice, s, cat, is, called").isEqualTo(5);
    }

    @Test
    void a_vector_search_cannot_be_reranked_by_text() {
        Ranking.Context noText = new Ranking.Context(null, new float[] {1, 0}, Metric.COSINE, 3, Candidates.NOW);
        ValidationException e = catchThrowableOfType(() -> Rankings.rerank(new WordOverlap()).rank(noText, CANDIDATES),
                ValidationException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("word-overlap").contains("Search.text");
    }

    @Test
    void a_failing_reranker_is_a_ranker_failure_that_names_it_and_keeps_the_cause() {
        IllegalStateException cause = new IllegalStateException("model server said 503");
        Reranker failing = reranker("cross-encoder", (q, c) -> {
            throw cause;
        });
        MemoryStoreException e = catchThrowableOfType(() -> Rankings.rerank(failing).rank(textContext("q"), CANDIDATES),
                MemoryStoreException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.RANKER_FAILED);
        assertThat(e.getMessage()).contains("cross-encoder").contains("503").contains("3 candidates");
        assertThat(e.getCause()).isSameAs(cause);
    }

    @Test
    void an_answer_of_the_wrong_size_or_with_nan_is_a_ranker_failure() {
        MemoryStoreException shortAnswer = catchThrowableOfType(() -> Rankings.rerank(
                reranker("short", (q, c) -> new double[] {1})).rank(textContext("q"), CANDIDATES),
                MemoryStoreException.class);
        assertThat(shortAnswer.code()).isEqualTo(ErrorCode.RANKER_FAILED);
        assertThat(shortAnswer.getMessage()).contains("1 scores for 3 candidates");
        MemoryStoreException nan = catchThrowableOfType(() -> Rankings.rerank(
                reranker("nan", (q, c) -> new double[] {1, Double.NaN, 0})).rank(textContext("q"), CANDIDATES),
                MemoryStoreException.class);
        assertThat(nan.getMessage()).contains("candidate 1 as NaN");
    }

    private static Reranker reranker(String name, java.util.function.BiFunction<String, List<Match>, double[]> f) {
        return new Reranker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double[] scores(String query, List<Match> candidates) {
                return f.apply(query, candidates);
            }
        };
    }
}
