package dev.agentmemory.mcp.internal;

import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.StoreClosedException;
import dev.agentmemory.mcp.Scope;
import dev.agentmemory.mcp.ToolArgumentException;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe: share one instance. Turns a tool body into an MCP tool: resolves the caller's
 * {@link Scope}, reads the arguments, and turns every failure into a tool error
 * ({@code isError: true}) with a message the model can act on. No exception reaches the SDK, so
 * a bad call never ends a session or the server.
 */
public final class ToolRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ToolRunner.class);

    /** Thread-safe (called from many sessions at once): a tool's work, arguments in, a reply out. */
    @FunctionalInterface
    public interface Body {
        /** Runs the tool for one call. */
        Reply call(Scope scope, Args args);
    }

    /**
     * Immutable and thread-safe: what a tool answers: the text the model reads (JSON) and, when it is an object, the same
     * as structured content.
     *
     * @param text the value shown as JSON text
     * @param structured the structured content, or null
     */
    public record Reply(Object text, Map<String, Object> structured) {
        /** A reply whose text and structured content are the same object. */
        public static Reply of(Map<String, Object> value) {
            return new Reply(value, value);
        }
    }

    private final McpJsonMapper json;
    private final ToolCatalog catalog;
    private final Function<McpSyncServerExchange, Scope> scopes;
    private final List<SyncToolSpecification> specs = new ArrayList<>();

    /**
     * A runner for the tools of {@code catalog}.
     *
     * @param scopes where each call's tenant and namespaces come from: never from its arguments
     */
    public ToolRunner(McpJsonMapper json, ToolCatalog catalog, Function<McpSyncServerExchange, Scope> scopes) {
        this.json = json;
        this.catalog = catalog;
        this.scopes = scopes;
    }

    /** Adds the tool {@code name} of the catalog, answered by {@code body}. */
    public ToolRunner add(String name, Body body) {
        McpSchema.Tool tool = catalog.tool(name);
        specs.add(new SyncToolSpecification(tool, (exchange, request) -> run(name, exchange, request, body)));
        return this;
    }

    /** The tools added so far. */
    public List<SyncToolSpecification> specifications() {
        return List.copyOf(specs);
    }

    private McpSchema.CallToolResult run(String name, McpSyncServerExchange exchange, McpSchema.CallToolRequest request,
            Body body) {
        try {
            Scope scope = scopes.apply(exchange);
            Reply reply = body.call(scope, Args.of(request.arguments()));
            McpSchema.CallToolResult.Builder result = McpSchema.CallToolResult.builder()
                    .addTextContent(text(reply.text())).isError(false);
            if (reply.structured() != null) {
                result.structuredContent(reply.structured());
            }
            return result.build();
        } catch (ToolArgumentException e) {
            return error(name + ": " + e.getMessage());
        } catch (StoreClosedException e) {
            return error(name + " failed: the server is shutting down (" + e.getMessage() + ")");
        } catch (MemoryStoreException e) {
            return error(name + " failed [" + e.code() + "]: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            // Not the caller's fault: keep the stack for the operator (stderr, never stdout),
            // give the model a short reason, and keep serving.
            LOG.warn("tool {} failed unexpectedly", name, e);
            return error(name + " failed unexpectedly: " + e);
        }
    }

    private String text(Object value) throws IOException {
        return value instanceof CharSequence s ? s.toString() : json.writeValueAsString(value);
    }

    private static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
