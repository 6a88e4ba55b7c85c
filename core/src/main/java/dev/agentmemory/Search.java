package dev.agentmemory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable and thread-safe: a search request; each method returns a new request.
 *
 * <pre>{@code
 * Search.vector(q).topK(5).minScore(0.3).where(Filter.eq("source", "calendar"))
 * Search.text("when does the team meet").topK(5)           // hybrid when the store has both sides
 * Search.keyword("invoice 2041")                            // the backend's full-text ranking alone
 * Search.text(question).mode(SearchMode.HYBRID).fusion(Fusion.reciprocalRank(20))
 * }</pre>
 *
 * <p><b>Modes</b> ({@link SearchMode}): a vector search ranks by similarity; a keyword search
 * by the backend's full-text ranking of the query's words; a hybrid search runs both, each side
 * fetching {@link #candidates()} memories under the same filter, and fuses the two rankings
 * ({@link Fusion}). Both sides apply the filter before their limit, so a filtered hybrid search
 * returns {@code topK} matches whenever that many pass.
 *
 * <p><b>minScore</b> thresholds the side it is about: the similarity in vector and hybrid
 * searches (a hybrid search drops vector candidates below it and keeps keyword candidates,
 * whose similarity it does not know), the keyword score in a keyword search.
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
    private final SearchMode mode;
    private final Fusion fusion;
    private final List<Ranking> rankings;

    private Search(float[] vector, String text, int topK, double minScore, Metric metric, Filter filter,
            Neighbourhood near) {
        this(vector, text, topK, minScore, metric, filter, near, text == null ? SearchMode.VECTOR : SearchMode.AUTO,
                Fusion.reciprocalRank(), List.of());
    }

    private Search(float[] vector, String text, int topK, double minScore, Metric metric, Filter filter,
            Neighbourhood near, SearchMode mode, Fusion fusion, List<Ranking> rankings) {
        this.mode = mode;
        this.fusion = fusion;
        this.rankings = rankings;
        this.vector = vector;
        this.text = text;
        this.topK = topK;
        this.minScore = minScore;
        this.metric = metric;
        this.filter = filter;
        this.near = near;
    }

    /** A cosine search for the {@value #DEFAULT_TOP_K} nearest memories to {@code query} (copied). */
    public static Search vector(float[] query) {
        return new Search(Objects.requireNonNull(query, "query").clone(), null, DEFAULT_TOP_K,
                Double.NEGATIVE_INFINITY, Metric.COSINE, null, null);
    }

    /**
     * A search for the {@value #DEFAULT_TOP_K} memories that best answer {@code query}, in mode
     * {@link SearchMode#AUTO}: hybrid when the store has an {@link Embedder} and its backend a
     * keyword index, vector-only (cosine, the text embedded by the store) or keyword-only when
     * it has one of them. With neither, or in mode {@link SearchMode#VECTOR} without an embedder,
     * it fails with {@link ErrorCode#NO_EMBEDDER}.
     */
    public static Search text(String query) {
        return new Search(null, Objects.requireNonNull(query, "query"), DEFAULT_TOP_K, Double.NEGATIVE_INFINITY,
                Metric.COSINE, null, null);
    }

    /**
     * A keyword search: the {@value #DEFAULT_TOP_K} memories ranked best by the backend's
     * full-text engine for the words of {@code query}, which is never parsed as full-text syntax.
     * Needs no embedder; a query without a word (only punctuation or emoji) is rejected.
     */
    public static Search keyword(String query) {
        return text(query).mode(SearchMode.KEYWORD);
    }

    /**
     * A hybrid search with the caller's own query vector (copied) for the vector side and
     * {@code query}'s words for the keyword side.
     */
    public static Search hybrid(float[] vector, String query) {
        return text(query).withVector(vector).mode(SearchMode.HYBRID);
    }

    /** Returns a request for at most {@code k} matches. */
    public Search topK(int k) {
        return new Search(vector, text, k, minScore, metric, filter, near, mode, fusion, rankings);
    }

    /** Returns a request that drops matches scoring below {@code score}. */
    public Search minScore(double score) {
        return new Search(vector, text, topK, score, metric, filter, near, mode, fusion, rankings);
    }

    /** Returns a request scored with {@code m}. */
    public Search metric(Metric m) {
        return new Search(vector, text, topK, minScore, Objects.requireNonNull(m, "metric"), filter, near,
                mode, fusion, rankings);
    }

    /** Returns a request restricted to memories matching {@code f}. */
    public Search where(Filter f) {
        return new Search(vector, text, topK, minScore, metric, Objects.requireNonNull(f, "filter"), near, mode,
                fusion, rankings);
    }

    /**
     * Returns a request restricted to the memories linked to {@code neighbourhood}'s memory
     * within its depth and link types (the memory itself excluded).
     */
    public Search near(Neighbourhood neighbourhood) {
        return new Search(vector, text, topK, minScore, metric, filter,
                Objects.requireNonNull(neighbourhood, "neighbourhood"), mode, fusion, rankings);
    }

    /** Returns this request with {@code query} (copied) as its vector: how the store resolves a text search. */
    public Search withVector(float[] query) {
        return new Search(Objects.requireNonNull(query, "query").clone(), text, topK, minScore, metric, filter, near,
                mode, fusion, rankings);
    }

    /**
     * Returns a request run in mode {@code m}. A request without text (from
     * {@link #vector(float[])}) can run only as {@link SearchMode#VECTOR}; the store rejects
     * other modes for it.
     */
    public Search mode(SearchMode m) {
        return new Search(vector, text, topK, minScore, metric, filter, near, Objects.requireNonNull(m, "mode"),
                fusion, rankings);
    }

    /** Returns a request whose hybrid rankings are merged by {@code f} (default {@link Fusion#reciprocalRank()}). */
    public Search fusion(Fusion f) {
        return new Search(vector, text, topK, minScore, metric, filter, near, mode, Objects.requireNonNull(f,
                "fusion"), rankings);
    }

    /**
     * Returns a request whose matches are reordered by {@code steps}, in the order given, after
     * the similarity (or fused hybrid) search; replaces any earlier ranking, and no step means
     * plain similarity. The search then fetches {@link Ranking#candidates(int)} candidates (topK
     * x {@value Ranking#OVERSAMPLE}) so a ranker has more than topK to choose from, and returns
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
        return new Search(vector, text, topK, minScore, metric, filter, near, mode, fusion, list);
    }

    /** The ranking steps applied after the similarity search, in order; empty for plain similarity. */
    public List<Ranking> rankings() {
        return rankings;
    }

    /** The mode; {@link SearchMode#AUTO} until the store resolves it. */
    public SearchMode mode() {
        return mode;
    }

    /** How a hybrid search fuses its two rankings. */
    public Fusion fusion() {
        return fusion;
    }

    /**
     * How many candidates each side of a hybrid search fetches before fusion: three times
     * {@code topK}, at least 30, so that fusion has depth to work with and a memory ranked
     * moderately on both sides can rise above one ranked high on one side only.
     */
    public int candidates() {
        return Math.max(3 * topK, 30);
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
