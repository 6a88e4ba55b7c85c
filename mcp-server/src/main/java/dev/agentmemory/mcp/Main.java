package dev.agentmemory.mcp;

import picocli.CommandLine;

/**
 * Thread-safe: static methods only. The entry point of {@code agent-memory-mcp.jar}:
 * {@code java -jar agent-memory-mcp.jar --store sqlite:./memory.db}.
 */
public final class Main {
    private Main() {}

    /** Runs the server until the client closes stdin (stdio) or the process is stopped (HTTP). */
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new McpServerCommand());
        // A bad option value or an unreachable store is the operator's to fix: say what, not where in the code.
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof dev.agentmemory.MemoryStoreException) {
                System.err.println("agent-memory-mcp: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        int code = cli.execute(args);
        // Exit even when a library left a non-daemon thread behind: the store is closed by now.
        System.exit(code);
    }
}
