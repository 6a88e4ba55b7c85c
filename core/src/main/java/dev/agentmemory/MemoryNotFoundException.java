package dev.agentmemory;

/** Immutable and thread-safe: the memory does not exist in this tenant and namespace. */
public class MemoryNotFoundException extends MemoryStoreException {
    private static final long serialVersionUID = 1L;
    private final MemoryId id;

    /**
     * Creates the error.
     *
     * @param id the memory that was not found
     */
    public MemoryNotFoundException(MemoryId id) {
        this(id, "");
    }

    private MemoryNotFoundException(MemoryId id, String context) {
        super(ErrorCode.NOT_FOUND, context + "memory " + id
                + " does not exist here (it was deleted, or belongs to another namespace or tenant)");
        this.id = id;
    }

    /** The memory that was not found. */
    public MemoryId id() {
        return id;
    }

    @Override
    public MemoryNotFoundException withContext(String context) {
        MemoryNotFoundException copy = new MemoryNotFoundException(id, context);
        copy.setStackTrace(getStackTrace());
        return copy;
    }
}
