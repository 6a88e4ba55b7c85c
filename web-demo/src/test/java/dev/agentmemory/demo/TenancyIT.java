package dev.agentmemory.demo;

import static dev.agentmemory.demo.TestServer.ALICE_KEY;
import static dev.agentmemory.demo.TestServer.BOB_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.demo.TestServer.Json;
import dev.agentmemory.demo.TestServer.Reply;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A tenant is its key: it never reads, searches, changes or deletes another tenant's memories. */
class TenancyIT {
    private static TestServer server;
    private static String aliceNote;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        aliceNote = server.putNote(ALICE_KEY, "personal", "Alice keeps her spare key under the blue flowerpot");
        server.post("/api/conversations/secret-chat/messages", ALICE_KEY, Json.object("role", "user", "text", "Alice's secret"));
    }

    @AfterAll
    static void stop() {
        long errors = server.server.serverErrors();
        server.close();
        assertThat(errors).as("5xx answers").isZero();
    }

    @Test
    void another_tenant_gets_404_for_the_id() throws Exception {
        server.get("/api/namespaces/personal/notes/" + aliceNote, BOB_KEY).isError(404, "NOT_FOUND");
    }

    @Test
    void another_tenant_cannot_delete_it_and_it_stays() throws Exception {
        server.delete("/api/namespaces/personal/notes/" + aliceNote, BOB_KEY).isError(404, "NOT_FOUND");
        assertThat(server.get("/api/namespaces/personal/notes/" + aliceNote, ALICE_KEY).status()).isEqualTo(200);
    }

    @Test
    void another_tenant_lists_and_searches_only_its_own() throws Exception {
        String bobNote = server.putNote(BOB_KEY, "personal", "Bob keeps his bicycle in the garage");
        Reply list = server.get("/api/namespaces/personal/notes", BOB_KEY);
        assertThat(ids(list.json().path("items"))).contains(bobNote).doesNotContain(aliceNote);

        Reply search = server.post("/api/search", BOB_KEY, Json.object("query", "where is the spare key?",
                "namespaces", List.of("personal", "academic"), "topK", 10));
        assertThat(search.status()).isEqualTo(200);
        assertThat(ids(search.json().path("matches"))).contains(bobNote).doesNotContain(aliceNote);
        assertThat(search.body()).doesNotContain("flowerpot");
    }

    static List<String> ids(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.path("id").asText()));
        return out;
    }

    @Test
    void another_tenant_does_not_see_the_conversation() throws Exception {
        Reply r = server.get("/api/conversations/secret-chat/messages", BOB_KEY);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("size").asLong()).isZero();
        assertThat(r.body()).doesNotContain("secret\"", "Alice's secret");
    }

    @Test
    void a_tenant_id_or_memory_id_or_timestamp_in_the_body_is_ignored() throws Exception {
        Reply r = server.post("/api/namespaces/personal/notes", BOB_KEY, Json.object(
                "text", "Bob tries to write as Alice",
                "tenant", "alice",
                "id", aliceNote,
                "createdAt", "2001-01-01T00:00:00Z",
                "version", 99));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().path("id").asText()).isNotEqualTo(aliceNote);
        assertThat(r.json().path("createdAt").asText()).doesNotStartWith("2001");
        assertThat(r.json().path("version").asLong()).isEqualTo(1);
        assertThat(server.get("/api/namespaces/personal/notes/" + r.json().path("id").asText(), ALICE_KEY).status())
                .isEqualTo(404);
        assertThat(server.get("/api/namespaces/personal/notes/" + aliceNote, ALICE_KEY).json().path("text").asText())
                .isEqualTo("Alice keeps her spare key under the blue flowerpot");
    }

    @Test
    void no_key_or_an_unknown_key_is_401_on_every_api_route() throws Exception {
        for (String[] route : new String[][] {
                {"GET", "/api/me"}, {"GET", "/api/stats"}, {"GET", "/api/namespaces/personal/notes"},
                {"GET", "/api/namespaces/personal/notes/" + aliceNote}, {"DELETE", "/api/namespaces/personal/notes/" + aliceNote},
                {"POST", "/api/namespaces/personal/notes"}, {"POST", "/api/search"},
                {"GET", "/api/conversations/secret-chat/messages"}, {"POST", "/api/conversations/secret-chat/messages"},
                {"GET", "/api/namespaces"}, {"DELETE", "/api/namespaces/personal/notes?metadata.owner=alice"}}) {
            String body = route[0].equals("POST") ? "{\"text\":\"x\",\"query\":\"x\",\"role\":\"user\",\"namespaces\":[\"personal\"]}" : null;
            server.send(route[0], route[1], null, body).isError(401, "UNAUTHORIZED");
            server.send(route[0], route[1], "not-a-key-at-all", body).isError(401, "UNAUTHORIZED");
        }
        assertThat(server.get("/api/namespaces/personal/notes/" + aliceNote, ALICE_KEY).status()).isEqualTo(200);
    }
}
