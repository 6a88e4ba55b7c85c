package dev.agentmemory;

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
    private final int topK;
    private final double minScore;
    private final Metric metric;
    private final Filter filter;

    private Search(float[] vector, int topK, double minScore, Metric metric, Filter filter) {
        this.vector = vector;
        this.topK = topK;
        this.minScore = minScore;
        this.metric = metric;
        this.filter = filter;
    }

    /** A cosine search for the {@value #DEFAULT_TOP_K} nearest memories to {@code query} (copied). */
    public static Search vector(float[] query) {
        return new Search(Objects.requireNonNull(query, "query").clone(), DEFAULT_TOP_K,
                Double.NEGATIVE_INFINITY, Metric.COSINE, null);
    }

    /** Returns a request for at most {@code k} matches. */
    public Search topK(int k) {
        return new Search(vector, k, minScore, metric, filter);
    }

    /** Returns a request that drops matches scoring below {@code score}. */
    public Search minScore(double score) {
        return new Search(vector, topK, score, metric, filter);
    }

    /** Returns a request scored with {@code m}. */
    public Search metric(Metric m) {
        return new Search(vector, topK, minScore, Objects.requireNonNull(m, "metric"), filter);
    }

    /** Returns a request restricted to memories matching {@code f}. */
    public Search where(Filter f) {
        return new Search(vector, topK, minScore, metric, Objects.requireNonNull(f, "filter"));
    }

    /** A copy of the query vector. */
    public float[] vector() {
        return vector.clone();
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
