package dev.agentmemory;

import java.util.Objects;

/**
 * Immutable and thread-safe: the base of every error the store reports, with a stable
 * {@link ErrorCode}.
 *
 * <p>Messages name the store, the operation, what was observed and the fix, for example
 * {@code [sqlite:./data/m.db] put(alice/personal) failed: embedding has 512 dimensions, the
 * namespace holds 384}.
 */
public class MemoryStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    /**
     * Creates an exception.
     *
     * @param code the stable error code
     * @param message the full message
     * @param cause the underlying failure, or null
     */
    public MemoryStoreException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * Creates an exception without a cause.
     *
     * @param code the stable error code
     * @param message the full message
     */
    public MemoryStoreException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** The stable code of this error. */
    public ErrorCode code() {
        return code;
    }

    /**
     * Returns a copy of this exception whose message is prefixed with the store and the
     * operation; a message that already starts with the same store tag keeps it once.
     * Subclasses keep their type and fields.
     *
     * @param context for example {@code [sqlite:./m.db] put(alice/notes) failed: }
     */
    public MemoryStoreException withContext(String context) {
        MemoryStoreException copy = new MemoryStoreException(code, joined(context, getMessage()), getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /**
     * {@code context} followed by {@code message}, naming the store once: a message from the
     * backend starts with the same {@code [store] } tag as the context, and a reader (or a web
     * page that replaces the tag) would otherwise see it twice.
     */
    static String joined(String context, String message) {
        if (message == null) {
            return context;
        }
        int tagEnd = context.startsWith("[") ? context.indexOf("] ") : -1;
        if (tagEnd > 0 && message.startsWith(context.substring(0, tagEnd + 2))) {
            return context + message.substring(tagEnd + 2);
        }
        return context + message;
    }
}
