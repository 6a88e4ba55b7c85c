package dev.agentmemory;

/**
 * Immutable and thread-safe: an argument was rejected before anything was stored.
 *
 * <p>Nothing is written when this is thrown; the message says what was wrong and how to
 * fix it.
 */
public class ValidationException extends MemoryStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates a validation error.
     *
     * @param code the stable code, one of the validation codes of {@link ErrorCode}
     * @param message what was wrong and the fix
     */
    public ValidationException(ErrorCode code, String message) {
        super(code, message);
    }

    @Override
    public ValidationException withContext(String context) {
        ValidationException copy = new ValidationException(code(), context + getMessage());
        copy.setStackTrace(getStackTrace());
        return copy;
    }
}
