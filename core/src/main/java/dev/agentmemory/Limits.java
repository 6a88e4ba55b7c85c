package dev.agentmemory;

import java.util.regex.Pattern;

/**
 * Immutable and thread-safe: the size limits a store enforces on everything it is given.
 *
 * <p>Every limit exists so that one bad request cannot exhaust memory or the database; a
 * value over a limit is a {@link ValidationException} and nothing is stored.
 *
 * @param maxContentChars longest content, in chars
 * @param maxMetadataEntries most metadata entries per memory
 * @param maxMetadataValueChars longest string metadata value, in chars
 * @param maxDimension most embedding dimensions
 * @param maxTopK largest {@link Search#topK}
 * @param maxPageSize largest {@link ListQuery#limit}, and most distinct ids in one {@link Namespace#getAll}
 * @param maxBatchSize most drafts in one {@link Namespace#putAll}
 */
public record Limits(int maxContentChars, int maxMetadataEntries, int maxMetadataValueChars, int maxDimension,
        int maxTopK, int maxPageSize, int maxBatchSize) {

    /**
     * Tenants, namespaces and metadata keys: 1 to 64 characters, letters, digits, {@code _},
     * {@code -} and {@code .}, starting with a letter or digit.
     */
    public static final Pattern IDENTIFIER_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /**
     * The earliest instant the store represents: 0001-01-01T00:00:00Z. Expiry times and time
     * filters outside {@link #MIN_INSTANT} to {@link #MAX_INSTANT} are refused.
     */
    public static final java.time.Instant MIN_INSTANT = java.time.Instant.parse("0001-01-01T00:00:00Z");

    /** The latest instant the store represents: 9999-12-31T23:59:59.999999Z. */
    public static final java.time.Instant MAX_INSTANT = java.time.Instant.parse("9999-12-31T23:59:59.999999Z");

    /** The longest time to live: 1,000 years (365,250 days), so that now plus it stays representable. */
    public static final java.time.Duration MAX_TTL = java.time.Duration.ofDays(365_250);

    /**
     * The range of a vector's Euclidean norm, {@value #MIN_NORM} to {@value #MAX_NORM} (or exactly
     * zero): inside it every score is computed without float overflow or underflow.
     */
    public static final double MIN_NORM = 1e-18;

    /** The largest norm of a vector; see {@link #MIN_NORM}. */
    public static final double MAX_NORM = 1e18;

    /** 100,000 chars of content, 64 metadata entries of up to 4,096 chars, 8,192 dimensions, topK and pages of 1,000, batches of 10,000. */
    public static final Limits DEFAULTS = new Limits(100_000, 64, 4_096, 8_192, 1_000, 1_000, 10_000);

    /** Checks that every limit is positive. */
    public Limits {
        if (maxContentChars < 1 || maxMetadataEntries < 0 || maxMetadataValueChars < 1 || maxDimension < 1
                || maxTopK < 1 || maxPageSize < 1 || maxBatchSize < 1) {
            // Not "this": the fields are not assigned yet in a compact constructor, so it would print zeros.
            throw new IllegalArgumentException("limits must be positive (maxMetadataEntries may be 0): maxContentChars="
                    + maxContentChars + ", maxMetadataEntries=" + maxMetadataEntries + ", maxMetadataValueChars="
                    + maxMetadataValueChars + ", maxDimension=" + maxDimension + ", maxTopK=" + maxTopK
                    + ", maxPageSize=" + maxPageSize + ", maxBatchSize=" + maxBatchSize);
        }
    }
}
