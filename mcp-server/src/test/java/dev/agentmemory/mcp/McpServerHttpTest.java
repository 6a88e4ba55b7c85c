package dev.agentmemory.mcp;

import static dev.agentmemory.mcp.McpClients.entity;
import static dev.agentmemory.mcp.McpClients.error;
import static dev.agentmemory.mcp.McpClients.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.StoreConfig;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server in this JVM, on streamable HTTP over loopback, on a real SQLite file, driven by the
 * SDK's client: every tool, the errors a model gets for bad arguments, and tenancy by API key.
 */
class McpServerHttpTest {
    static final String ALICE_KEY = "alice-key-0123456789abcdef";
    static final String BOB_KEY = "bob-key-0123456789abcdef";

    @TempDir
    static Path dir;
    static MemoryStore store;
    static McpHttpServer server;
    static McpSyncClient alice;
    static McpSyncClient bob;

    @BeforeAll
    static void start() {
        store = MemoryStores.open(StoreConfig.builder("sqlite:" + dir.resolve("mcp.db")).embedder(new TestEmbedder()).build());
        Scope defaults = new Scope("unused", Scope.DEFAULT_NAMESPACE, Scope.DEFAULT_GRAPH_NAMESPACE);
        server = McpHttpServer.start(store, ApiKeys.parse(List.of(ALICE_KEY + "=alice", BOB_KEY + "=bob/notes/kg"), defaults),
                "127.0.0.1", 0);
        alice = McpClients.http(server.port(), ALICE_KEY);
        bob = McpClients.http(server.port(), BOB_KEY);
    }

    @AfterAll
    static void stop() {
        alice.close();
        bob.close();
        server.close();
        store.close();
    }

    @Test
    void lists_the_reference_graph_tools_and_the_store_tools() {
        List<String> names = alice.listTools().tools().stream().map(McpSchema.Tool::name).sorted().toList();
        assertThat(names).containsExactly("add_observations", "conversation_append", "conversation_read", "create_entities",
                "create_relations", "delete_entities", "delete_observations", "delete_relations", "forget", "get", "link",
                "neighbours", "open_nodes", "read_graph", "recall", "remember", "search_nodes", "update");
    }

    @Test
    void the_knowledge_graph_behaves_like_the_reference_server() {
        List<Map<String, Object>> created = ok(alice, "create_entities", Map.of("entities", List.of(
                entity("Ada", "person", "Writes programs", "Likes tea"),
                entity("Analytical Engine", "machine", "Designed by Babbage"))), new io.modelcontextprotocol.json.TypeRef<>() {});
        assertThat(created).extracting(e -> e.get("name")).containsExactly("Ada", "Analytical Engine");
        // Existing names are skipped, not changed, and not reported as created.
        List<Map<String, Object>> again = ok(alice, "create_entities",
                Map.of("entities", List.of(entity("Ada", "robot"), entity("Babbage", "person"))),
                new io.modelcontextprotocol.json.TypeRef<>() {});
        assertThat(again).extracting(e -> e.get("name")).containsExactly("Babbage");

        List<Map<String, Object>> relations = ok(alice, "create_relations", Map.of("relations", List.of(
                Map.of("from", "Ada", "to", "Analytical Engine", "relationType", "writes programs for"),
                Map.of("from", "Babbage", "to", "Analytical Engine", "relationType", "designed"))),
                new io.modelcontextprotocol.json.TypeRef<>() {});
        assertThat(relations).hasSize(2);
        List<Map<String, Object>> added = ok(alice, "add_observations", Map.of("observations", List.of(
                Map.of("entityName", "Ada", "contents", List.of("Likes tea", "Born in 1815")))),
                new io.modelcontextprotocol.json.TypeRef<>() {});
        assertThat(added.get(0).get("addedObservations")).isEqualTo(List.of("Born in 1815"));

        Map<String, Object> graph = ok(alice, "read_graph", Map.of());
        assertThat(entities(graph)).containsExactly("Ada", "Analytical Engine", "Babbage");
        assertThat(observations(graph, "Ada")).containsExactly("Writes programs", "Likes tea", "Born in 1815");
        assertThat(relationTexts(graph)).containsExactlyInAnyOrder("Ada writes programs for Analytical Engine",
                "Babbage designed Analytical Engine");

        Map<String, Object> found = ok(alice, "search_nodes", Map.of("query", "TEA"));
        assertThat(entities(found)).containsExactly("Ada");
        assertThat(relationTexts(found)).containsExactly("Ada writes programs for Analytical Engine");
        assertThat(entities(ok(alice, "open_nodes", Map.of("names", List.of("Babbage", "Nobody"))))).containsExactly("Babbage");

        McpClients.done(alice, "delete_observations", Map.of("deletions",
                List.of(Map.of("entityName", "Ada", "observations", List.of("Likes tea")))));
        McpClients.done(alice, "delete_relations", Map.of("relations",
                List.of(Map.of("from", "Babbage", "to", "Analytical Engine", "relationType", "designed"))));
        McpClients.done(alice, "delete_entities", Map.of("entityNames", List.of("Analytical Engine")));
        Map<String, Object> after = ok(alice, "read_graph", Map.of());
        assertThat(entities(after)).containsExactly("Ada", "Babbage");
        assertThat(observations(after, "Ada")).containsExactly("Writes programs", "Born in 1815");
        assertThat(relationTexts(after)).isEmpty();
        McpClients.done(alice, "delete_entities", Map.of("entityNames", List.of("Ada", "Babbage")));
    }

    @Test
    void bad_arguments_are_tool_errors_and_the_server_carries_on() {
        // The SDK checks arguments against the input schema first; our own checks catch the rest.
        assertThat(error(alice, "create_entities", Map.of())).contains("required property 'entities' not found");
        assertThat(error(alice, "create_entities", Map.of("entities", List.of(Map.of("name", "X", "entityType", 3,
                "observations", List.of()))))).contains("entityType");
        assertThat(error(alice, "create_entities", Map.of("entities", List.of(entity(" ", "person")))))
                .contains("'name' must be a non-empty entity name");
        assertThat(error(alice, "create_relations", Map.of("relations", List.of(Map.of("from", "A", "to", "B",
                "relationType", "x".repeat(40) + " y"))))).contains("relationType").contains("too long");
        assertThat(error(alice, "add_observations", Map.of("observations",
                List.of(Map.of("entityName", "Ghost", "contents", List.of("boo")))))).contains("Ghost not found");
        assertThat(error(alice, "create_relations", Map.of("relations",
                List.of(Map.of("from", "Ghost", "to", "Other", "relationType", "haunts"))))).contains("not found");
        assertThat(error(alice, "get", Map.of("id", "not-a-uuid"))).contains("memory id must be");
        assertThat(error(alice, "recall", Map.of("query", "x", "top_k", 500))).contains("maximum value of 50");
        assertThat(error(alice, "remember", Map.of("content", "x", "metadata", Map.of("bad key!", 1))))
                .contains("INVALID_IDENTIFIER");
        assertThat(error(alice, "link", Map.of("from", "018f0000-0000-7000-8000-000000000000",
                "to", "018f0000-0000-7000-8000-000000000001", "type", "x"))).contains("NOT_FOUND");
        assertThat(ok(alice, "read_graph", Map.of())).containsKey("entities");
    }

    @Test
    void remembers_recalls_updates_links_and_forgets() {
        String trip = (String) ok(alice, "remember", Map.of("content", "Alice flies to Lisbon in May",
                "metadata", Map.of("topic", "travel"))).get("id");
        String diet = (String) ok(alice, "remember", Map.of("content", "Alice does not eat meat")).get("id");
        assertThat(ok(alice, "remember", Map.of("content", "Alice flies to Lisbon in May")).get("id")).isEqualTo(trip);

        List<?> hits = (List<?>) ok(alice, "recall", Map.of("query", "flies to Lisbon", "top_k", 1)).get("memories");
        assertThat(field(hits, "id")).containsExactly(trip);
        List<?> travel = (List<?>) ok(alice, "recall", Map.of("query", "Alice", "metadata", Map.of("topic", "travel")))
                .get("memories");
        assertThat(field(travel, "id")).containsExactly(trip);
        List<?> words = (List<?>) ok(alice, "recall", Map.of("query", "meat", "mode", "keyword")).get("memories");
        assertThat(field(words, "id")).as("the only memory with the word").containsExactly(diet);
        assertThat(field(words, "mode")).containsExactly("keyword");
        assertThat(error(alice, "recall", Map.of("query", "x", "mode", "fuzzy"))).contains("mode");

        Map<String, Object> updated = ok(alice, "update", Map.of("id", trip, "content", "Alice flies to Porto in June",
                "expected_version", 1));
        assertThat(updated.get("version")).isEqualTo(2);
        assertThat(error(alice, "update", Map.of("id", trip, "content", "stale", "expected_version", 1)))
                .contains("VERSION_CONFLICT");
        assertThat(ok(alice, "get", Map.of("id", trip)).get("content")).isEqualTo("Alice flies to Porto in June");

        ok(alice, "link", Map.of("from", trip, "to", diet, "type", "plans_around"));
        List<?> near = (List<?>) ok(alice, "neighbours", Map.of("id", trip)).get("neighbours");
        assertThat(field(near, "id")).containsExactly(diet);
        List<?> linked = (List<?>) ok(alice, "recall", Map.of("query", "Alice", "near_id", trip)).get("memories");
        assertThat(field(linked, "id")).containsExactly(diet);

        assertThat(ok(alice, "forget", Map.of("id", diet)).get("deleted")).isEqualTo(true);
        assertThat(ok(alice, "forget", Map.of("id", diet)).get("deleted")).isEqualTo(false);
        assertThat(error(alice, "get", Map.of("id", diet))).contains("no memory with id");
    }

    @Test
    void conversations_keep_order() {
        ok(alice, "conversation_append", Map.of("session", "s1", "role", "user", "text", "hello"));
        ok(alice, "conversation_append", Map.of("session", "s1", "role", "assistant", "text", "hi, how can I help?"));
        Map<String, Object> read = ok(alice, "conversation_read", Map.of("session", "s1", "last", 1));
        assertThat(read.get("total")).isEqualTo(2);
        assertThat(field(read.get("messages"), "text"))
                .containsExactly("hi, how can I help?");
        assertThat(error(alice, "conversation_append", Map.of("session", "bad session!", "role", "user", "text", "x")))
                .contains("INVALID_IDENTIFIER");
    }

    @Test
    void the_api_key_alone_decides_the_tenant() {
        McpClients.call(alice, "create_entities", Map.of("entities", List.of(entity("Secret", "plan", "Alice's surprise party"))));
        String id = (String) ok(alice, "remember", Map.of("content", "Alice's PIN is 1234")).get("id");

        assertThat(entities(ok(bob, "read_graph", Map.of()))).doesNotContain("Secret");
        assertThat(entities(ok(bob, "search_nodes", Map.of("query", "surprise")))).isEmpty();
        assertThat(error(bob, "get", Map.of("id", id))).contains("no memory with id");
        assertThat(ok(bob, "forget", Map.of("id", id)).get("deleted")).isEqualTo(false);
        assertThat((List<?>) ok(bob, "recall", Map.of("query", "PIN")).get("memories")).isEmpty();
        // Bob's key names his namespaces: what he writes lands there, in tenant bob.
        ok(bob, "remember", Map.of("content", "Bob's note"));
        assertThat(store.namespace("bob", "notes").count()).isEqualTo(1);
        assertThat(store.namespace("alice", Scope.DEFAULT_GRAPH_NAMESPACE).count()).isPositive();
        assertThat(ok(alice, "get", Map.of("id", id)).get("content")).isEqualTo("Alice's PIN is 1234");
    }

    @Test
    void requests_without_a_known_key_are_refused_before_the_mcp_layer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        for (String key : new String[] {null, "wrong-key-0123456789abcdef"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/mcp"))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(init));
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains(key == null ? "no API key" : "unknown API key");
        }
    }

    static List<Object> field(Object list, String key) {
        return ((List<?>) list).stream().map(item -> ((Map<?, ?>) item).get(key)).collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    static List<String> entities(Map<String, Object> graph) {
        return ((List<Map<String, Object>>) graph.get("entities")).stream().map(e -> (String) e.get("name")).toList();
    }

    @SuppressWarnings("unchecked")
    static List<String> observations(Map<String, Object> graph, String entity) {
        return ((List<Map<String, Object>>) graph.get("entities")).stream().filter(e -> e.get("name").equals(entity))
                .findFirst().map(e -> (List<String>) e.get("observations")).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    static List<String> relationTexts(Map<String, Object> graph) {
        return ((List<Map<String, Object>>) graph.get("relations")).stream()
                .map(r -> r.get("from") + " " + r.get("relationType") + " " + r.get("to")).collect(Collectors.toList());
    }
}
