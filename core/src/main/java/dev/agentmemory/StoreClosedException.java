package dev.agentmemory;

/** Immutable and thread-safe: the store was closed; open a new one to continue. */
public class StoreClosedException extends MemoryStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message names the store and the operation that was refused
     */
    public StoreClosedException(String message) {
        super(ErrorCode.STORE_CLOSED, message);
    }

    @Override
    public StoreClosedException withContext(String context) {
        StoreClosedException copy = new StoreClosedException(context + getMessage());
        copy.setStackTrace(getStackTrace());
        return copy;
    }
}
