package dev.agentmemory.mcp;

import static dev.agentmemory.mcp.McpClients.entity;
import static dev.agentmemory.mcp.McpClients.error;
import static dev.agentmemory.mcp.McpClients.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import io.modelcontextprotocol.client.McpSyncClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a real process, started with this JVM's java and classpath the way an agent's
 * MCP client starts it, over stdio and over streamable HTTP on loopback.
 */
class McpSubprocessIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void the_one_jar_over_stdio_with_the_default_minilm_embedder_finds_memories_by_meaning() {
        assertThat(McpClients.SHADED_JAR).as("the package phase builds the one jar before integration tests").exists();
        String store = "sqlite:" + dir.resolve("stdio.db");
        try (McpSyncClient client = McpClients.stdio(McpClients.jarCommand("--store", store, "--tenant", "alice"))) {
            assertThat(client.listTools().tools()).hasSize(18);
            ok(client, "remember", Map.of("content", "The quarterly report is due on the first Friday of April"));
            ok(client, "remember", Map.of("content", "Alice's cat is called Miso"));
            List<Object> hits = McpServerHttpTest.field(ok(client, "recall",
                    Map.of("query", "when must the financial summary be handed in?", "top_k", 1)).get("memories"),
                    "content");
            assertThat(hits).containsExactly("The quarterly report is due on the first Friday of April");
            McpClients.call(client, "create_entities", Map.of("entities", List.of(entity("Miso", "cat", "Sleeps all day"))));
            assertThat(error(client, "open_nodes", Map.of("names", "Miso"))).contains("names");
            assertThat(McpServerHttpTest.entities(ok(client, "open_nodes", Map.of("names", List.of("Miso")))))
                    .containsExactly("Miso");
        }
        // The client closed the server's stdin; the server closed its store and exited, so the
        // file opens cleanly and holds what was written, under the configured tenant.
        try (MemoryStore reopened = MemoryStores.open(store)) {
            assertThat(reopened.namespace("alice", Scope.DEFAULT_NAMESPACE).count()).isEqualTo(2);
            assertThat(reopened.namespace("alice", Scope.DEFAULT_GRAPH_NAMESPACE).count()).isEqualTo(2);
        }
    }

    @Test
    @Timeout(120)
    void over_http_the_api_key_picks_the_tenant_and_a_stop_signal_closes_the_store() throws Exception {
        String store = "sqlite:" + dir.resolve("http.db");
        String key = "carol-key-0123456789abcdef";
        ProcessBuilder pb = new ProcessBuilder(McpClients.serverCommand("--store", store, "--http", "--port", "0",
                "--api-key", key + "=carol/work", "--embedder", TestEmbedder.class.getName()));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process server = pb.start();
        try {
            int port = awaitPort(server);
            try (McpSyncClient client = McpClients.http(port, key)) {
                ok(client, "remember", Map.of("content", "Carol reviews pull requests on Mondays"));
                ok(client, "create_entities", Map.of("entities", List.of(entity("Carol", "person", "Reviews code"))),
                        new io.modelcontextprotocol.json.TypeRef<List<Object>>() {});
                assertThat(McpServerHttpTest.entities(ok(client, "read_graph", Map.of()))).containsExactly("Carol");
            }
        } finally {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("server stops on SIGTERM").isTrue();
        }
        try (MemoryStore reopened = MemoryStores.open(store)) {
            assertThat(reopened.namespace("carol", "work").count()).isEqualTo(1);
            assertThat(reopened.namespace("carol", Scope.DEFAULT_GRAPH_NAMESPACE).count()).isEqualTo(2);
        }
    }

    private static int awaitPort(Process server) throws Exception {
        Pattern url = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/mcp");
        BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = err.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = url.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "server-stderr");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server exited before printing its URL:\n" + seen);
    }
}
