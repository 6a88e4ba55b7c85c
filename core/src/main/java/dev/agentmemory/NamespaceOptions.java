package dev.agentmemory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable and thread-safe: how a namespace view treats writes: deduplication and a default
 * time to live. Each method returns new options.
 *
 * <pre>{@code
 * Namespace notes = store.namespace("alice", "notes", NamespaceOptions.defaults()
 *         .nearDuplicates(0.95, NamespaceOptions.NearDuplicatePolicy.MERGE_METADATA)
 *         .ttl(Duration.ofDays(30)));
 * }</pre>
 *
 * <p>Options belong to the view, not to the database: give every view of a namespace the same
 * options (configure them once, where the application starts).
 */
public final class NamespaceOptions {
    /** What a put does when a stored memory's embedding is at least the threshold close (cosine). */
    public enum NearDuplicatePolicy {
        /** Store nothing and return the existing memory's id. */
        RETURN_EXISTING,
        /** Merge the draft's metadata into the existing memory (the draft's values win); return its id. */
        MERGE_METADATA,
        /** Refuse the put with {@link ErrorCode#NEAR_DUPLICATE}. */
        REJECT
    }

    private static final NamespaceOptions DEFAULTS = new NamespaceOptions(true, Double.NaN, null, null);

    private final boolean exactDedup;
    private final double nearThreshold;
    private final NearDuplicatePolicy nearPolicy;
    private final Duration ttl;

    private NamespaceOptions(boolean exactDedup, double nearThreshold, NearDuplicatePolicy nearPolicy, Duration ttl) {
        this.exactDedup = exactDedup;
        this.nearThreshold = nearThreshold;
        this.nearPolicy = nearPolicy;
        this.ttl = ttl;
    }

    /** Exact deduplication on, no near-duplicate policy, no time to live. */
    public static NamespaceOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns options with exact deduplication on or off. On (the default), putting content that
     * the namespace already holds stores nothing and returns the existing memory's id; a unique
     * constraint in the database makes this hold under any concurrency. Off, every put stores
     * a new memory.
     */
    public NamespaceOptions exactDedup(boolean on) {
        return new NamespaceOptions(on, nearThreshold, nearPolicy, ttl);
    }

    /**
     * Returns options with a near-duplicate policy: a put whose embedding scores at least
     * {@code threshold} (cosine, -1 to 1) against a live memory of the namespace is handled by
     * {@code policy}. Checked against stored memories, under the namespace's write lock.
     *
     * @throws IllegalArgumentException if the threshold is not in [-1, 1]
     */
    public NamespaceOptions nearDuplicates(double threshold, NearDuplicatePolicy policy) {
        if (!(threshold >= -1 && threshold <= 1)) {
            throw new IllegalArgumentException("near-duplicate threshold is " + threshold
                    + "; use a cosine similarity between -1 and 1, for example 0.95");
        }
        return new NamespaceOptions(exactDedup, threshold, Objects.requireNonNull(policy, "policy"), ttl);
    }

    /**
     * Returns options where memories written without their own expiry expire {@code duration}
     * after they are written.
     *
     * @throws IllegalArgumentException if the duration is not positive
     */
    public NamespaceOptions ttl(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("ttl is " + duration + "; use a positive duration");
        }
        return new NamespaceOptions(exactDedup, nearThreshold, nearPolicy, duration);
    }

    /** True if exact deduplication is on. */
    public boolean exactDedup() {
        return exactDedup;
    }

    /** The near-duplicate policy, if any. */
    public Optional<NearDuplicatePolicy> nearDuplicatePolicy() {
        return Optional.ofNullable(nearPolicy);
    }

    /** The near-duplicate threshold; NaN if there is no policy. */
    public double nearDuplicateThreshold() {
        return nearThreshold;
    }

    /** The default time to live, if any. */
    public Optional<Duration> ttl() {
        return Optional.ofNullable(ttl);
    }

    @Override
    public String toString() {
        return "NamespaceOptions{exactDedup=" + exactDedup + (nearPolicy == null ? "" : ", near>=" + nearThreshold
                + " " + nearPolicy) + (ttl == null ? "" : ", ttl=" + ttl) + "}";
    }
}
