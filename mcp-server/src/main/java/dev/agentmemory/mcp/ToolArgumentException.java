package dev.agentmemory.mcp;

/**
 * Immutable and thread-safe: a tool was called with arguments it cannot use. The server turns it
 * into a tool error ({@code isError: true}) whose text is this message, so the model can correct
 * the call; the server itself carries on.
 */
public class ToolArgumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with which argument, and what is expected instead
     */
    public ToolArgumentException(String message) {
        super(message);
    }
}
