package dev.agentmemory;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Thread-safe: one instance serves every search that names it, from any thread. One step of
 * ranking after the similarity search: it reorders (and may rescore) the candidate matches.
 * Attach steps with {@link Search#rank(Ranking...)}; the ready-made ones (maximal marginal
 * relevance, recency, importance, and a {@code Reranker} plug for a cross-encoder or an LLM)
 * come from {@code dev.agentmemory.rank.Rankings}.
 *
 * <p><b>How a ranked search runs.</b> The store fetches {@link #candidates(int)} matches by
 * similarity (topK x {@value #OVERSAMPLE}), hands them best-first to the first step, each
 * step's result to the next, and returns the first topK of the last. Steps run on the searching
 * thread, after every connection has been returned, so a slow reranker holds no database
 * resource.
 *
 * <p><b>Contract of {@link #rank}.</b> Return matches best-first, each with the score this step
 * gives it (higher is better), drawn only from the candidates given (a step may drop some, never
 * add one: that would cross the filters and the tenant boundary the search enforced). The store
 * checks this. An exception other than a {@link MemoryStoreException} is reported as
 * {@link ErrorCode#RANKER_FAILED} naming the step.
 */
@FunctionalInterface
public interface Ranking {

    /** How many candidates per requested match a ranked search fetches by similarity. */
    int OVERSAMPLE = 4;

    /**
     * The number of candidates a ranked search of {@code topK} fetches: topK x {@value #OVERSAMPLE}.
     *
     * @param topK the matches asked for, at least 1
     * @return the candidates fetched by similarity before ranking
     */
    static int candidates(int topK) {
        return (int) Math.min(Integer.MAX_VALUE, (long) topK * OVERSAMPLE);
    }

    /**
     * Ranks the candidates.
     *
     * @param context the search the candidates came from
     * @param candidates best-first by the previous step (by similarity for the first), not empty
     * @return best-first matches, drawn from {@code candidates}
     * @throws ValidationException if the search cannot be ranked this way (for example a
     *     reranker that needs the query text, given a vector search)
     */
    List<Match> rank(Context context, List<Match> candidates);

    /** The step's name in error messages; the class name unless overridden. */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Immutable and thread-safe: what a ranking step knows of the search it ranks.
     */
    final class Context {
        private final String queryText;
        private final float[] queryVector;
        private final Metric metric;
        private final int topK;
        private final Instant now;

        /**
         * Describes a search; the store makes one per ranked search.
         *
         * @param queryText the text of a text search, or null
         * @param queryVector the query vector (copied), or null if the search has none
         * @param metric the similarity metric of the candidates' scores
         * @param topK the number of matches the search returns
         * @param now the store clock's time of the search
         */
        public Context(String queryText, float[] queryVector, Metric metric, int topK, Instant now) {
            this.queryText = queryText;
            this.queryVector = queryVector == null ? null : queryVector.clone();
            this.metric = Objects.requireNonNull(metric, "metric");
            this.topK = topK;
            this.now = Objects.requireNonNull(now, "now");
        }

        /** The query text, for a text search. */
        public Optional<String> queryText() {
            return Optional.ofNullable(queryText);
        }

        /** A copy of the query vector, if the search has one. */
        public Optional<float[]> queryVector() {
            return Optional.ofNullable(queryVector).map(float[]::clone);
        }

        /** The metric the similarity scores were computed with. */
        public Metric metric() {
            return metric;
        }

        /** The number of matches the search returns. */
        public int topK() {
            return topK;
        }

        /** The time of the search on the store's clock ({@link StoreConfig#clock()}). */
        public Instant now() {
            return now;
        }
    }
}
