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
