package dev.agentmemory.demo;

import static dev.agentmemory.demo.TestServer.ALICE_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentmemory.demo.TestServer.Json;
import dev.agentmemory.demo.TestServer.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint of the JSON API, over real HTTP, on a fresh SQLite file. */
class ApiIT {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        long errors = server.server.serverErrors();
        server.close();
        assertThat(errors).as("5xx answers").isZero();
    }

    @Test
    void health_needs_no_key() throws Exception {
        Reply r = server.get("/api/health", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void me_names_the_tenant_of_the_key_in_either_header() throws Exception {
        assertThat(server.get("/api/me", ALICE_KEY).json().path("tenant").asText()).isEqualTo("alice");
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base + "/api/me"))
                .header("X-Api-Key", TestServer.BOB_KEY).build();
        var reply = server.http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).contains("\"bob\"");
    }

    @Test
    void a_note_is_stored_read_listed_and_deleted() throws Exception {
        Reply put = server.post("/api/namespaces/personal/notes", ALICE_KEY,
                Json.object("text", "Alice's team meets on Tuesdays at ten",
                        "metadata", Map.of("source", "calendar", "priority", 2, "pinned", true, "weight", 0.5)));
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        JsonNode note = put.json();
        String id = note.path("id").asText();
        assertThat(note.path("namespace").asText()).isEqualTo("personal");
        assertThat(note.path("text").asText()).isEqualTo("Alice's team meets on Tuesdays at ten");
        assertThat(note.path("metadata").path("priority").asLong()).isEqualTo(2);
        assertThat(note.path("metadata").path("pinned").asBoolean()).isTrue();
        assertThat(note.path("metadata").path("weight").asDouble()).isEqualTo(0.5);
        assertThat(note.path("version").asLong()).isEqualTo(1);
        assertThat(note.has("embedding")).isFalse();
        assertThat(note.has("tenant")).isFalse();

        Reply got = server.get("/api/namespaces/personal/notes/" + id, ALICE_KEY);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().path("id").asText()).isEqualTo(id);

        Reply list = server.get("/api/namespaces/personal/notes", ALICE_KEY);
        assertThat(list.status()).isEqualTo(200);
        assertThat(TenancyIT.ids(list.json().path("items"))).contains(id);

        assertThat(server.delete("/api/namespaces/personal/notes/" + id, ALICE_KEY).status()).isEqualTo(204);
        server.get("/api/namespaces/personal/notes/" + id, ALICE_KEY).isError(404, "NOT_FOUND");
        server.delete("/api/namespaces/personal/notes/" + id, ALICE_KEY).isError(404, "NOT_FOUND");
    }

    @Test
    void the_same_text_twice_returns_the_same_note() throws Exception {
        String first = server.putNote(ALICE_KEY, "style", "Prefer short sentences");
        String second = server.putNote(ALICE_KEY, "style", "Prefer short sentences");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void listing_pages_with_a_cursor_until_every_note_was_seen_once() throws Exception {
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            stored.add(server.putNote(ALICE_KEY, "paging", "paging note number " + i));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply page = server.get("/api/namespaces/paging/notes?limit=3"
                    + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, "UTF-8")), ALICE_KEY);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().path("items").size()).isLessThanOrEqualTo(3);
            seen.addAll(TenancyIT.ids(page.json().path("items")));
            JsonNode next = page.json().path("nextCursor");
            cursor = next.isNull() || next.isMissingNode() ? null : next.asText();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(stored);
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    void a_search_over_several_namespaces_groups_the_matches_with_scores() throws Exception {
        String tuesday = server.putNote(ALICE_KEY, "personal", "The book club meets every Tuesday evening");
        server.putNote(ALICE_KEY, "academic", "The thesis defence is scheduled for the twelfth of June");
        server.putNote(ALICE_KEY, "projects", "The memory store ships a web demo with a stress panel");

        Reply r = server.post("/api/search", ALICE_KEY, Json.object("query", "when does the book club meet?",
                "namespaces", List.of("personal", "academic", "projects", "empty-ns"), "topK", 5));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode json = r.json();
        assertThat(json.path("matches").get(0).path("id").asText()).isEqualTo(tuesday);
        assertThat(json.path("matches").get(0).path("score").asDouble()).isBetween(0.3, 1.0);
        List<String> groups = new ArrayList<>();
        json.path("groups").forEach(g -> groups.add(g.path("namespace").asText()));
        assertThat(groups).containsExactly("personal", "academic", "projects", "empty-ns");
        JsonNode personal = json.path("groups").get(0).path("matches");
        assertThat(personal.get(0).path("namespace").asText()).isEqualTo("personal");
        assertThat(json.path("groups").get(3).path("matches").size()).isZero();
        double previous = Double.MAX_VALUE;
        for (JsonNode m : json.path("matches")) {
            assertThat(m.path("score").asDouble()).isLessThanOrEqualTo(previous);
            previous = m.path("score").asDouble();
        }
    }

    @Test
    void a_conversation_keeps_its_messages_in_order_and_returns_the_last_ones() throws Exception {
        for (int i = 1; i <= 5; i++) {
            Reply r = server.post("/api/conversations/session-1/messages", ALICE_KEY,
                    Json.object("role", i % 2 == 1 ? "user" : "assistant", "text", "message " + i));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(r.json().path("seq").asLong()).isEqualTo(i);
        }
        Reply last = server.get("/api/conversations/session-1/messages?last=3", ALICE_KEY);
        assertThat(last.status()).isEqualTo(200);
        assertThat(last.json().path("size").asLong()).isEqualTo(5);
        assertThat(last.json().path("messages").findValuesAsText("text")).containsExactly("message 3", "message 4", "message 5");
        assertThat(last.json().path("messages").get(0).path("role").asText()).isEqualTo("user");
    }

    @Test
    void stats_show_the_backend_the_pools_the_operations_and_the_requests() throws Exception {
        server.putNote(ALICE_KEY, "personal", "stats make the store visible");
        Reply r = server.get("/api/stats", ALICE_KEY);
        assertThat(r.status()).isEqualTo(200);
        JsonNode s = r.json();
        assertThat(s.path("backend").asText()).isEqualTo("sqlite"); // the kind only: no file path
        assertThat(s.path("pools").findValuesAsText("name")).isNotEmpty();
        assertThat(s.path("pools").get(0).has("active")).isTrue();
        assertThat(s.path("pools").get(0).has("idle")).isTrue();
        assertThat(s.path("pools").get(0).has("waiting")).isTrue();
        assertThat(s.path("operations").path("put").path("calls").asLong()).isPositive();
        assertThat(s.path("operations").path("put").has("meanMicros")).isTrue();
        assertThat(s.path("http").path("requests").asLong()).isPositive();
    }

    @Test
    void the_page_and_its_assets_are_served_with_a_strict_content_security_policy() throws Exception {
        for (String path : List.of("/", "/app.js", "/style.css", "/api/health")) {
            Reply r = server.get(path, null);
            assertThat(r.status()).as(path).isEqualTo(200);
            String csp = r.header("Content-Security-Policy");
            assertThat(csp).as(path).contains("default-src 'self'").contains("script-src 'self'")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
        String page = server.get("/", null).body();
        assertThat(page).contains("<script src=\"/app.js\" defer></script>")
                .doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>|\\son[a-z]+=|http://|https://");
        String script = server.get("/app.js", null).body();
        assertThat(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
    }

    @Test
    void the_dev_key_route_does_not_exist_when_keys_are_configured() throws Exception {
        server.get("/api/dev-key", null).isError(404, "NOT_FOUND");
    }

    @Test
    void the_dev_key_is_handed_out_in_dev_mode_and_works() throws Exception {
        try (TestServer dev = TestServer.start(ApiKeys.dev())) {
            Reply r = dev.get("/api/dev-key", null);
            assertThat(r.status()).isEqualTo(200);
            String key = r.json().path("key").asText();
            assertThat(r.json().path("tenant").asText()).isEqualTo("dev");
            assertThat(dev.get("/api/me", key).json().path("tenant").asText()).isEqualTo("dev");
        }
    }
}
