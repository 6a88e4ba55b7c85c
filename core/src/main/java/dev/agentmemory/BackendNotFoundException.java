package dev.agentmemory;

/**
 * Immutable and thread-safe: no storage backend on the classpath accepts the store URI.
 *
 * <p>The message lists the providers that were found, those that failed to load, and the
 * artifact to add.
 */
public class BackendNotFoundException extends MemoryStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message the providers found and the artifact to add
     */
    public BackendNotFoundException(String message) {
        super(ErrorCode.NO_BACKEND, message);
    }
}
