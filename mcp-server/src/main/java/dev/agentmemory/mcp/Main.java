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
        int code = new CommandLine(new McpServerCommand()).execute(args);
        // Exit even when a library left a non-daemon thread behind: the store is closed by now.
        System.exit(code);
    }
}
