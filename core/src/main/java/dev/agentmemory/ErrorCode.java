package dev.agentmemory;

/**
 * Immutable and thread-safe: the stable code of every error the store reports.
 *
 * <p>Codes never change meaning between releases, so callers (and HTTP layers that map
 * them to status codes) may switch on them.
 */
public enum ErrorCode {
    /** A tenant, namespace or metadata key does not match {@link Limits#IDENTIFIER_PATTERN}. */
    INVALID_IDENTIFIER,
    /** A required argument is null, empty or malformed. */
    INVALID_ARGUMENT,
    /** An embedding is empty, or holds NaN or an infinity. */
    INVALID_VECTOR,
    /** An embedding's dimension differs from the one the namespace was fixed to. */
    DIMENSION_MISMATCH,
    /** Content is longer than {@link Limits#maxContentChars()}. */
    CONTENT_TOO_LARGE,
    /** Metadata has too many entries, an oversized value, or a value of an unsupported type. */
    INVALID_METADATA,
    /** topK, a page size, a batch or a vector is larger than the configured limit. */
    LIMIT_EXCEEDED,
    /** A filter is malformed (for example {@code exists} on a time field, or an empty {@code in}). */
    INVALID_FILTER,
    /** A paging cursor was not produced by this store. */
    INVALID_CURSOR,
    /** An update's expected version is not the stored version. */
    VERSION_CONFLICT,
    /** The memory does not exist in this tenant and namespace. */
    NOT_FOUND,
    /** A memory with the id a draft chose exists already with other content, or in another namespace. */
    ALREADY_EXISTS,
    /** A near-duplicate of the memory exists and the namespace's policy rejects near-duplicates. */
    NEAR_DUPLICATE,
    /** No {@link Embedder} is configured, so text cannot be embedded; pass a vector. */
    NO_EMBEDDER,
    /**
     * The {@link Embedder} failed (threw something other than the {@code IllegalArgumentException}
     * that means "this text cannot be embedded", which is {@link #INVALID_ARGUMENT}), or returned
     * another number of vectors than it was given texts; nothing was stored.
     */
    EMBEDDER_FAILED,
    /**
     * A {@link Ranking} step of a search failed: a reranker threw, or a step returned something
     * else than best-first matches drawn from its candidates; the search returned nothing.
     */
    RANKER_FAILED,
    /**
     * A {@link Transaction} was given a draft without an embedding: a transaction never runs the
     * embedder, which would hold the write lock during inference; embed the drafts first with
     * {@link MemoryStore#embedded(java.util.List)}.
     */
    EMBEDDING_REQUIRED,
    /** The async view's queue is full: back off and retry, or raise its capacity. */
    OVERLOADED,
    /** The store was closed. */
    STORE_CLOSED,
    /** The backend failed in a way that may succeed if retried later (busy, connection lost). */
    STORAGE_TRANSIENT,
    /** The backend failed permanently (schema, constraint, disk, driver). */
    STORAGE_FAILURE,
    /** No backend on the classpath accepts the store URI. */
    NO_BACKEND,
    /** The store configuration is invalid. */
    INVALID_CONFIG
}
