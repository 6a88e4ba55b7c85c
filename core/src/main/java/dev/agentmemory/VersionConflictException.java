package dev.agentmemory;

/**
 * Immutable and thread-safe: an optimistic update found a different version than expected.
 *
 * <p>Read the memory again, apply the change to the new version, and retry.
 */
public class VersionConflictException extends MemoryStoreException {
    private static final long serialVersionUID = 1L;
    private final MemoryId id;
    private final long expectedVersion;
    private final long actualVersion;

    /**
     * Creates a conflict.
     *
     * @param id the memory
     * @param expectedVersion the version the caller expected
     * @param actualVersion the version stored
     */
    public VersionConflictException(MemoryId id, long expectedVersion, long actualVersion) {
        this(id, expectedVersion, actualVersion, "");
    }

    private VersionConflictException(MemoryId id, long expected, long actual, String context) {
        super(ErrorCode.VERSION_CONFLICT, context + "memory " + id + " is at version " + actual
                + ", the update expected version " + expected
                + "; read it again, apply the change to version " + actual + " and retry");
        this.id = id;
        this.expectedVersion = expected;
        this.actualVersion = actual;
    }

    /** The memory that was updated. */
    public MemoryId id() {
        return id;
    }

    /** The version the caller expected. */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version that is stored. */
    public long actualVersion() {
        return actualVersion;
    }

    @Override
    public VersionConflictException withContext(String context) {
        VersionConflictException copy = new VersionConflictException(id, expectedVersion, actualVersion, context);
        copy.setStackTrace(getStackTrace());
        return copy;
    }
}
