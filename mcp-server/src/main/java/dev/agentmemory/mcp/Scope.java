package dev.agentmemory.mcp;

import dev.agentmemory.Limits;
import java.util.Objects;

/**
 * Immutable and thread-safe: where one MCP session's tool calls read and write: a tenant, the
 * namespace of its memories and the namespace of its knowledge graph.
 *
 * <p>A scope always comes from the server's configuration (stdio) or from the API key of the
 * request (HTTP), never from tool arguments, so a client cannot reach another tenant.
 *
 * @param tenant the tenant, an identifier
 * @param namespace where {@code remember}, {@code recall} and the other memory tools work
 * @param graphNamespace where the knowledge-graph tools keep entities and observations
 */
public record Scope(String tenant, String namespace, String graphNamespace) {
    /** The namespace of memories when none is configured. */
    public static final String DEFAULT_NAMESPACE = "memories";
    /** The namespace of the knowledge graph when none is configured. */
    public static final String DEFAULT_GRAPH_NAMESPACE = "graph";

    /**
     * Checks the names.
     *
     * @throws IllegalArgumentException if a name is not an identifier, or both namespaces are
     *     the same (graph memories would show up in {@code recall})
     */
    public Scope {
        check("tenant", tenant);
        check("namespace", namespace);
        check("graph namespace", graphNamespace);
        if (namespace.equals(graphNamespace)) {
            throw new IllegalArgumentException("the memory namespace and the graph namespace must differ, both are '"
                    + namespace + "'");
        }
    }

    private static void check(String what, String name) {
        Objects.requireNonNull(name, what);
        if (!Limits.IDENTIFIER_PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' is not an identifier: 1 to 64 letters, digits, "
                    + "'_', '-' or '.', starting with a letter or digit");
        }
    }

    @Override
    public String toString() {
        return tenant + "/" + namespace + " (graph " + graphNamespace + ")";
    }
}
