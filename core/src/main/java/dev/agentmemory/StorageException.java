package dev.agentmemory;

import java.util.Objects;

/**
 * Immutable and thread-safe: the backend failed.
 *
 * <p>{@link #kind()} says whether the failure is worth retrying; the store already retried
 * transient failures of idempotent operations before this reached the caller.
 */
public class StorageException extends MemoryStoreException {
    private static final long serialVersionUID = 1L;
    private final FailureKind kind;

    /** How a storage failure relates to the work that was attempted. */
    public enum FailureKind {
        /** Nothing was applied and a retry may succeed: busy, lock timeout, serialization failure. */
        RETRYABLE,
        /**
         * The connection was lost mid-call: the work may or may not have been applied, so only
         * idempotent operations are retried.
         */
        UNKNOWN_OUTCOME,
        /**
         * The database cannot be reached now (no connection could be opened): nothing was
         * applied. The store does not retry this, so callers learn at once, within one
         * connection timeout, instead of after several; it reconnects by itself when the
         * database is back.
         */
        UNAVAILABLE,
        /** Retrying will not help: schema, constraint, disk full, driver error. */
        PERMANENT
    }

    /**
     * Creates a storage failure.
     *
     * @param kind how the failure relates to the attempted work
     * @param message what was observed
     * @param cause the backend's exception
     */
    public StorageException(FailureKind kind, String message, Throwable cause) {
        super(kind == FailureKind.PERMANENT ? ErrorCode.STORAGE_FAILURE : ErrorCode.STORAGE_TRANSIENT,
                message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** How the failure relates to the attempted work. */
    public FailureKind kind() {
        return kind;
    }

    /** True if retrying later may succeed. */
    public boolean isTransient() {
        return kind != FailureKind.PERMANENT;
    }

    @Override
    public StorageException withContext(String context) {
        StorageException copy = new StorageException(kind, joined(context, getMessage()), getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }
}
