package dev.agentmemory.cli;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.mcp.McpServerCommand;
import picocli.CommandLine.Option;

/** Confined to the calling thread: the options that say which store a command opens. */
public final class StoreOptions {
    @Option(names = "--store", required = true, defaultValue = "${env:AGENT_MEMORY_STORE}",
            description = "Store URI: sqlite:./data/m.db, h2:./data/m, postgresql://host:5432/db (env AGENT_MEMORY_STORE)")
    String uri;

    @Option(names = "--user", defaultValue = "${env:AGENT_MEMORY_USER}", description = "Database user (env AGENT_MEMORY_USER)")
    String user;

    @Option(names = "--password", defaultValue = "${env:AGENT_MEMORY_PASSWORD}",
            description = "Database password (env AGENT_MEMORY_PASSWORD; prefer it to the option)")
    String password;

    /** Opens the store, without an embedder: these commands move vectors, they never make them. */
    MemoryStore open() {
        return McpServerCommand.open(uri, user, password, null);
    }
}
