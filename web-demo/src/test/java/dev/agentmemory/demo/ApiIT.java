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
    void the_same_text_twice_answers_200_deduplicated_with_the_note_as_it_was_stored() throws Exception {
        Reply first = server.post("/api/namespaces/style/notes", ALICE_KEY,
                Json.object("text", "Prefer short sentences", "metadata", Map.of("source", "editor")));
        Reply second = server.post("/api/namespaces/style/notes", ALICE_KEY,
                Json.object("text", "Prefer short sentences", "metadata", Map.of("source", "other", "extra", 1)));

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().path("deduplicated").asBoolean()).isFalse();
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().path("deduplicated").asBoolean()).isTrue();
        assertThat(second.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        // The policy: the stored note is kept as it is, and the answer shows it (its metadata, not the new one).
        assertThat(second.json().path("metadata").path("source").asText()).isEqualTo("editor");
        assertThat(second.json().path("metadata").has("extra")).isFalse();
        assertThat(second.json().path("version").asLong()).isEqualTo(1);
        Reply stored = server.get("/api/namespaces/style/notes/" + first.json().path("id").asText(), ALICE_KEY);
        assertThat(stored.json().path("metadata").path("source").asText()).isEqualTo("editor");

        Reply elsewhere = server.post("/api/namespaces/style-other/notes", ALICE_KEY, Json.object("text", "Prefer short sentences"));
        assertThat(elsewhere.status()).as("the same text in another namespace is a new note").isEqualTo(201);
    }

    @Test
    void a_top_k_per_namespace_gives_every_namespace_its_own_matches() throws Exception {
        for (String day : List.of("Monday at nine", "Tuesday at ten", "Wednesday at two", "Thursday at four",
                "Friday at eleven", "Saturday at noon")) {
            server.putNote(ALICE_KEY, "k-personal", "The team meets on " + day);
        }
        String light = server.putNote(ALICE_KEY, "k-academic", "Photosynthesis turns light into chemical energy");
        String papers = server.putNote(ALICE_KEY, "k-academic", "The reading list has twelve papers on enzymes");
        server.putNote(ALICE_KEY, "k-style", "Use the serial comma");

        // Vector mode: the scenario compares cosines across namespaces. A hybrid score is fused
        // from ranks within the candidates, so a namespace of two notes, one first on both sides,
        // scores about 1 however weak its words are, and the comparison below would not hold.
        Reply overall = server.post("/api/search", ALICE_KEY, Json.object("query", "when does the team meet?",
                "namespaces", List.of("k-personal", "k-academic", "k-style"), "topK", 4, "mode", "vector"));
        assertThat(groupSizes(overall)).as("the scenario: one overall top 4 is all k-personal; %s", overall.body())
                .containsExactly(4, 0, 0);

        Map<String, Integer> perNamespace = new java.util.LinkedHashMap<>();
        perNamespace.put("k-personal", 2);
        perNamespace.put("k-academic", 1);
        perNamespace.put("k-style", 1);
        perNamespace.put("k-empty", 3);
        Reply each = server.post("/api/search", ALICE_KEY, Json.object("query", "when does the team meet?",
                "namespaces", perNamespace, "mode", "vector"));
        assertThat(each.status()).as(each.body()).isEqualTo(200);
        assertThat(groupSizes(each)).as(each.body()).containsExactly(2, 1, 1, 0);
        assertThat(each.json().path("groups").get(0).path("matches").get(0).path("text").asText()).startsWith("The team meets");
        assertThat(each.json().path("matches")).hasSize(4);
        assertThat(each.json().path("topK").path("k-academic").asInt()).isEqualTo(1);
        assertThat(each.json().path("groups").get(1).path("matches").get(0).path("id").asText()).isIn(light, papers);
        assertThat(each.json().path("groups").get(0).path("matches").get(0).path("score").asDouble())
                .as("k-personal's best outscores k-academic's").isGreaterThan(
                        each.json().path("groups").get(1).path("matches").get(0).path("score").asDouble());

        server.post("/api/search", ALICE_KEY, Json.object("query", "q", "namespaces", Map.of("k-personal", 0)))
                .isError(400, "LIMIT_EXCEEDED");
        server.post("/api/search", ALICE_KEY, Json.object("query", "q", "namespaces", Map.of("k-personal", "two")))
                .isError(400, "INVALID_FIELD");
        server.post("/api/search", ALICE_KEY, Json.object("query", "q", "namespaces", Map.of()))
                .isError(400, "INVALID_FIELD");
        server.post("/api/search", ALICE_KEY, Json.object("query", "q", "namespaces", Map.of(MessageAppends.RECORDS, 1)))
                .isError(400, "INVALID_IDENTIFIER");
    }

    /** Three notes, one of them the only one with the query's words; returns its id. */
    private static String modeNotes(String namespace) throws Exception {
        String invoice = server.putNote(ALICE_KEY, namespace, "The invoice number is 2041 for the blue bicycle");
        server.putNote(ALICE_KEY, namespace, "Dinner with my sister on Friday at the Italian place");
        server.putNote(ALICE_KEY, namespace, "The cat sleeps on the sofa all afternoon");
        return invoice;
    }

    private static JsonNode searchIn(String namespace, String mode) throws Exception {
        Reply r = server.post("/api/search", ALICE_KEY, Json.object("query", "invoice 2041", "namespaces",
                List.of(namespace), "topK", 5, "mode", mode));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("mode").asText()).isEqualTo(mode);
        return r.json();
    }

    @Test
    void a_keyword_search_finds_only_the_notes_with_the_words_and_explains_their_keyword_rank() throws Exception {
        String invoice = modeNotes("mode-keyword");
        JsonNode matches = searchIn("mode-keyword", "keyword").path("matches");
        assertThat(matches.size()).as("only one note has 'invoice' or '2041'").isEqualTo(1);
        JsonNode m = matches.get(0);
        assertThat(m.path("id").asText()).isEqualTo(invoice);
        JsonNode why = m.path("explanation");
        assertThat(why.path("mode").asText()).isEqualTo("keyword");
        assertThat(why.path("keywordRank").asInt()).isEqualTo(1);
        assertThat(why.path("keywordScore").asDouble()).isPositive().isEqualTo(m.path("score").asDouble());
        assertThat(why.path("fusedScore").asDouble()).isEqualTo(m.path("score").asDouble());
        assertThat(why.path("vectorScore").isNull()).as("a keyword search runs no vector side").isTrue();
        assertThat(why.path("vectorRank").isNull()).isTrue();
    }

    @Test
    void a_vector_search_ranks_every_note_by_similarity_and_explains_its_vector_rank() throws Exception {
        String invoice = modeNotes("mode-vector");
        JsonNode matches = searchIn("mode-vector", "vector").path("matches");
        assertThat(matches.size()).as("every note has a similarity").isEqualTo(3);
        assertThat(matches.get(0).path("id").asText()).isEqualTo(invoice);
        for (int i = 0; i < matches.size(); i++) {
            JsonNode m = matches.get(i);
            JsonNode why = m.path("explanation");
            assertThat(why.path("mode").asText()).isEqualTo("vector");
            assertThat(why.path("vectorRank").asInt()).isEqualTo(i + 1);
            assertThat(why.path("vectorScore").asDouble()).isEqualTo(m.path("score").asDouble());
            assertThat(why.path("keywordScore").isNull()).as("a vector search runs no keyword side").isTrue();
            assertThat(why.path("keywordRank").isNull()).isTrue();
        }
    }

    @Test
    void a_hybrid_search_fuses_both_sides_and_explains_each() throws Exception {
        String invoice = modeNotes("mode-hybrid");
        assertHybrid(searchIn("mode-hybrid", "hybrid"), invoice);
    }

    @Test
    void an_auto_search_runs_hybrid_on_the_demo_store_which_embeds_and_has_a_keyword_index() throws Exception {
        String invoice = modeNotes("mode-auto");
        assertHybrid(searchIn("mode-auto", "auto"), invoice);
        Reply absent = server.post("/api/search", ALICE_KEY, Json.object("query", "invoice 2041", "namespaces",
                List.of("mode-auto"), "topK", 5));
        assertThat(absent.json().path("mode").asText()).as("no mode is auto").isEqualTo("auto");
        assertThat(absent.json().path("matches").get(0).path("explanation").path("mode").asText())
                .isEqualTo("hybrid");
    }

    /**
     * The invoice note is first on both sides, so under reciprocal-rank fusion its fused score
     * is the best possible, 1; the other two are on the vector side only, at most half that.
     */
    private static void assertHybrid(JsonNode json, String invoice) {
        JsonNode matches = json.path("matches");
        assertThat(matches.size()).isEqualTo(3);
        JsonNode first = matches.get(0);
        assertThat(first.path("id").asText()).isEqualTo(invoice);
        JsonNode why = first.path("explanation");
        assertThat(why.path("mode").asText()).isEqualTo("hybrid");
        assertThat(why.path("vectorRank").asInt()).isEqualTo(1);
        assertThat(why.path("keywordRank").asInt()).isEqualTo(1);
        assertThat(why.path("vectorScore").asDouble()).isBetween(0.0, 1.0);
        assertThat(why.path("keywordScore").asDouble()).isPositive();
        assertThat(why.path("fusedScore").asDouble()).isEqualTo(1.0).isEqualTo(first.path("score").asDouble());
        for (int i = 1; i < matches.size(); i++) {
            JsonNode other = matches.get(i).path("explanation");
            assertThat(other.path("mode").asText()).isEqualTo("hybrid");
            assertThat(other.path("keywordRank").isNull()).as("no other note has the words").isTrue();
            assertThat(other.path("vectorRank").asInt()).isEqualTo(i + 1);
            assertThat(other.path("fusedScore").asDouble()).isLessThanOrEqualTo(0.5);
        }
    }

    @Test
    void an_unknown_search_mode_is_refused_with_the_modes_there_are() throws Exception {
        Reply r = server.post("/api/search", ALICE_KEY, Json.object("query", "q", "namespaces", List.of("personal"),
                "mode", "fuzzy"));
        r.isError(400, "INVALID_FIELD");
        assertThat(r.body()).contains("'fuzzy'", "auto", "vector", "keyword", "hybrid");
    }

    private static List<Integer> groupSizes(Reply search) {
        List<Integer> sizes = new ArrayList<>();
        search.json().path("groups").forEach(g -> sizes.add(g.path("matches").size()));
        return sizes;
    }

    @Test
    void the_namespaces_a_tenant_used_are_listed_with_their_note_counts() throws Exception {
        server.putNote(ALICE_KEY, "recipes", "Bake the bread at 220 degrees for thirty minutes");
        server.putNote(ALICE_KEY, "recipes", "Soak the beans overnight");
        server.putNote(ALICE_KEY, "travel-2027", "The train to Lyon leaves at 7:04");

        Reply r = server.get("/api/namespaces", ALICE_KEY);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, Long> counts = new java.util.HashMap<>();
        r.json().path("namespaces").forEach(n -> counts.put(n.path("name").asText(), n.path("notes").asLong()));
        assertThat(counts).containsEntry("recipes", 2L).containsEntry("travel-2027", 1L)
                .doesNotContainKeys(MessageAppends.RECORDS);
        assertThat(server.get("/api/namespaces", TestServer.BOB_KEY).json().path("namespaces").findValuesAsText("name"))
                .as("bob's list").doesNotContain("recipes", "travel-2027");
    }

    @Test
    void a_namespace_s_notes_are_deleted_by_metadata_and_never_without_a_filter() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.post("/api/namespaces/cleanup/notes", ALICE_KEY, Json.object("text", "run one note " + i,
                    "metadata", Map.of("run", "r1", "i", i)));
        }
        String kept = server.putNote(ALICE_KEY, "cleanup", "a note of another run");

        server.delete("/api/namespaces/cleanup/notes", ALICE_KEY).isError(400, "MISSING_PARAMETER");
        Reply r = server.delete("/api/namespaces/cleanup/notes?metadata.run=r1", ALICE_KEY);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("deleted").asLong()).isEqualTo(3);
        assertThat(TenancyIT.ids(server.get("/api/namespaces/cleanup/notes", ALICE_KEY).json().path("items")))
                .containsExactly(kept);
        assertThat(server.delete("/api/namespaces/cleanup/notes?metadata.run=r1", TestServer.BOB_KEY)
                .json().path("deleted").asLong()).isZero();
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
    void stats_show_a_tenant_its_own_operations_and_the_admin_the_server() throws Exception {
        server.putNote(ALICE_KEY, "personal", "stats make the store visible");
        server.putNote(ALICE_KEY, "personal", "stats are per tenant");
        Reply alice = server.get("/api/stats", ALICE_KEY);
        Reply bob = server.get("/api/stats", TestServer.BOB_KEY);

        assertThat(alice.status()).isEqualTo(200);
        JsonNode a = alice.json();
        assertThat(a.path("scope").asText()).isEqualTo("tenant");
        assertThat(a.path("tenant").asText()).isEqualTo("alice");
        assertThat(a.path("backend").asText()).isEqualTo("sqlite"); // the kind only: no file path
        assertThat(a.path("operations").path("putNote").path("calls").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(a.path("operations").path("putNote").has("meanMicros")).isTrue();
        assertThat(a.has("pools")).as("server-wide figures need the admin key").isFalse();
        assertThat(a.has("http")).isFalse();
        assertThat(bob.json().path("tenant").asText()).isEqualTo("bob");
        assertThat(bob.json().path("operations").path("putNote").path("calls").asLong())
                .as("bob does not see alice's puts").isZero();

        Reply admin = server.get("/api/stats", server.adminKey());
        assertThat(admin.status()).as(admin.body()).isEqualTo(200);
        JsonNode s = admin.json();
        assertThat(s.path("scope").asText()).isEqualTo("server");
        assertThat(s.path("backend").asText()).isEqualTo("sqlite");
        assertThat(s.path("pools").findValuesAsText("name")).isNotEmpty();
        assertThat(s.path("pools").get(0).has("active")).isTrue();
        assertThat(s.path("pools").get(0).has("idle")).isTrue();
        assertThat(s.path("pools").get(0).has("waiting")).isTrue();
        assertThat(s.path("operations").path("put").path("calls").asLong()).isPositive();
        assertThat(s.path("operations").path("put").has("meanMicros")).isTrue();
        assertThat(s.path("http").path("requests").asLong()).isPositive();
        assertThat(admin.body()).doesNotContain(server.dir.toString());

        server.get("/api/namespaces/personal/notes", server.adminKey()).isError(403, "FORBIDDEN");
        server.get("/api/me", server.adminKey()).isError(403, "FORBIDDEN");
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
