package dev.agentmemory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable and thread-safe: a vector search request; each method returns a new request.
 *
 * <pre>{@code
 * Search.vector(q).topK(5).minScore(0.3).where(Filter.eq("source", "calendar"))
 * }</pre>
 */
public final class Search {
    /** The default number of matches. */
    public static final int DEFAULT_TOP_K = 10;

    private final float[] vector;
    private final String text;
    private final int topK;
    private final double minScore;
    private final Metric metric;
    private final Filter filter;
    private final Neighbourhood near;
    private final List<Ranking> rankings;

    private Search(float[] vector, String text, int topK, double minScore, Metric metric, Filter filter,
            Neighbourhood near, List<Ranking> rankings) {
        this.vector = vector;
        this.text = text;
        this.topK = topK;
        this.minScore = minScore;
        this.metric = metric;
        this.filter = filter;
        this.near = near;
        this.rankings = rankings;
    }

    /** A cosine search for the {@value #DEFAULT_TOP_K} nearest memories to {@code query} (copied). */
    public static Search vector(float[] query) {
        return new Search(Objects.requireNonNull(query, "query").clone(), null, DEFAULT_TOP_K,
                Double.NEGATIVE_INFINITY, Metric.COSINE, null, null, List.of());
    }

    /**
     * A cosine search for the {@value #DEFAULT_TOP_K} memories nearest to {@code query}, which the
     * store embeds with its {@link Embedder}; without one the search fails with
     * {@link ErrorCode#NO_EMBEDDER}.
     */
    public static Search text(String query) {
        return new Search(null, Objects.requireNonNull(query, "query"), DEFAULT_TOP_K, Double.NEGATIVE_INFINITY,
                Metric.COSINE, null, null, List.of());
    }

    /** Returns a request for at most {@code k} matches. */
    public Search topK(int k) {
        return new Search(vector, text, k, minScore, metric, filter, near, rankings);
    }

    /** Returns a request that drops matches scoring below {@code score}. */
    public Search minScore(double score) {
        return new Search(vector, text, topK, score, metric, filter, near, rankings);
    }

    /** Returns a request scored with {@code m}. */
    public Search metric(Metric m) {
        return new Search(vector, text, topK, minScore, Objects.requireNonNull(m, "metric"), filter, near, rankings);
    }

    /** Returns a request restricted to memories matching {@code f}. */
    public Search where(Filter f) {
        return new Search(vector, text, topK, minScore, metric, Objects.requireNonNull(f, "filter"), near, rankings);
    }

    /**
     * Returns a request restricted to the memories linked to {@code neighbourhood}'s memory
     * within its depth and link types (the memory itself excluded).
     */
    public Search near(Neighbourhood neighbourhood) {
        return new Search(vector, text, topK, minScore, metric, filter,
                Objects.requireNonNull(neighbourhood, "neighbourhood"), rankings);
    }

    /**
     * Returns a request whose matches are reordered by {@code steps}, in the order given, after
     * the similarity search; replaces any earlier ranking, and no step means plain similarity.
     * The search then fetches {@link Ranking#candidates(int)} candidates (topK x
     * {@value Ranking#OVERSAMPLE}) so a ranker has more than topK to choose from, and returns
     * the best topK of the last step. The rankers of {@code dev.agentmemory.rank} are made by
     * its {@code Rankings} class:
     *
     * <pre>{@code
     * Search.text("where did we go on holiday").topK(5)
     *         .rank(Rankings.recency(Duration.ofDays(30)), Rankings.mmr(0.7))
     * }</pre>
     */
    public Search rank(Ranking... steps) {
        List<Ranking> list = List.of(Objects.requireNonNull(steps, "steps")); // List.of rejects a null step
        return new Search(vector, text, topK, minScore, metric, filter, near, list);
    }

    /** The ranking steps applied after the similarity search, in order; empty for plain similarity. */
    public List<Ranking> rankings() {
        return rankings;
    }

    /** Returns this request with {@code query} (copied) as its vector: how the store resolves a text search. */
    public Search withVector(float[] query) {
        return new Search(Objects.requireNonNull(query, "query").clone(), text, topK, minScore, metric, filter, near,
                rankings);
    }

    /** True if the request has a query vector; false for a text search not yet embedded. */
    public boolean hasVector() {
        return vector != null;
    }

    /**
     * A copy of the query vector.
     *
     * @throws IllegalStateException for a text search not yet embedded
     */
    public float[] vector() {
        if (vector == null) {
            throw new IllegalStateException("this is a text search: the store embeds its text; see hasVector()");
        }
        return vector.clone();
    }

    /** The query text of a text search. */
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    /** The neighbourhood the search is restricted to, if any. */
    public Optional<Neighbourhood> near() {
        return Optional.ofNullable(near);
    }

    /** The maximum number of matches. */
    public int topK() {
        return topK;
    }

    /** The lowest score returned. */
    public double minScore() {
        return minScore;
    }

    /** The scoring metric. */
    public Metric metric() {
        return metric;
    }

    /** The filter, if any. */
    public Optional<Filter> filter() {
        return Optional.ofNullable(filter);
    }
}
