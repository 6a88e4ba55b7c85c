package dev.agentmemory.mcp;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.mcp.internal.GraphTools;
import dev.agentmemory.mcp.internal.KnowledgeGraph;
import dev.agentmemory.mcp.internal.MemoryTools;
import dev.agentmemory.mcp.internal.ToolCatalog;
import dev.agentmemory.mcp.internal.ToolRunner;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Thread-safe: static methods only. Builds the agent-memory MCP server over a {@link MemoryStore}:
 * the reference memory server's knowledge-graph tools and the store's own tools, on stdio or on
 * streamable HTTP ({@link McpHttpServer}).
 *
 * <p>The store is the caller's: the server never closes it.
 */
public final class MemoryMcpServer {
    /** The name the server reports to clients. */
    public static final String NAME = "agent-memory";
    /** The version the server reports to clients. */
    public static final String VERSION = "0.1.0";

    static final String INSTRUCTIONS = "Long-term memory. remember/recall/get/update/forget/link/neighbours keep "
            + "free-text memories found by meaning; conversation_append/conversation_read keep chat sessions; "
            + "create_entities, create_relations, add_observations, read_graph, search_nodes, open_nodes and the "
            + "delete_* tools keep a knowledge graph of named entities. Everything is private to your tenant.";

    private MemoryMcpServer() {}

    /**
     * Every tool, each call scoped by {@code scopes}.
     *
     * @param scopes the tenant and namespaces of a call, from its session: never from its arguments
     */
    public static List<SyncToolSpecification> tools(MemoryStore store, Function<McpSyncServerExchange, Scope> scopes) {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        ToolRunner graph = new ToolRunner(json, ToolCatalog.load(json, "graph-tools.json"), scopes);
        GraphTools.register(graph, new KnowledgeGraph(store));
        ToolRunner own = new ToolRunner(json, ToolCatalog.load(json, "memory-tools.json"), scopes);
        MemoryTools.register(own, store);
        List<SyncToolSpecification> all = new ArrayList<>(graph.specifications());
        all.addAll(own.specifications());
        return all;
    }

    /**
     * Starts a server on a stream pair (usually the process's stdin and stdout) for one fixed
     * scope. It serves until {@code in} ends or {@link McpSyncServer#close()} is called.
     */
    public static McpSyncServer stdio(MemoryStore store, Scope scope, InputStream in, OutputStream out) {
        StdioServerTransportProvider transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper(), in, out);
        return McpServer.sync(transport).serverInfo(NAME, VERSION).instructions(INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(tools(store, exchange -> scope)).build();
    }
}
