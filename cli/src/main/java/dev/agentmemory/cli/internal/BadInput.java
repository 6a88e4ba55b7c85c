package dev.agentmemory.cli.internal;

/**
 * Immutable and thread-safe: an export file that cannot be imported, with the line that shows it.
 * Thrown while the file is checked, before anything is written.
 */
public final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;

    /**
     * Creates the exception.
     *
     * @param line the 1-based line number
     * @param problem what is wrong there
     */
    public BadInput(int line, String problem) {
        super("line " + line + ": " + problem);
        this.line = line;
    }

    /** The 1-based line number. */
    public int line() {
        return line;
    }
}
