package dev.agentmemory.demo;

import static dev.agentmemory.demo.TestServer.ALICE_KEY;
import static dev.agentmemory.demo.TestServer.BOB_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentmemory.demo.TestServer.Json;
import dev.agentmemory.demo.TestServer.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random operations as tenant B (bob) on tenant A's (alice's) ids, namespaces,
 * conversation ids, search queries and idempotency keys, at every endpoint: B finds nothing of
 * A's (404, or an empty or B-only answer), and A's full snapshot, read through A's key, is the
 * same before and after. Rerun a seed with {@code -Dagentmemory.fuzz.seed=<seed>}.
 */
class TenantIsolationPropertyIT {
    static final int OPERATIONS = 250;
    private static final List<String> NAMESPACES = List.of("personal", "work", "secrets");
    private static final List<String> SESSIONS = List.of("chat-1", "chat-2");

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void tenant_b_finds_nothing_of_tenant_a_and_changes_nothing_of_it() throws Exception {
        long seed = Long.getLong("agentmemory.fuzz.seed", new Random().nextLong());
        Random random = new Random(seed);
        try (TestServer server = TestServer.start()) {
            List<String> aIds = new ArrayList<>();
            List<String> aTexts = new ArrayList<>();
            List<String> aKeys = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String ns = NAMESPACES.get(i % NAMESPACES.size());
                String text = "alice's " + ns + " note " + i + ": the code word is heron-" + i;
                String key = "alice-idem-" + i;
                Reply r = server.send("POST", "/api/namespaces/" + ns + "/notes", ALICE_KEY, Json.object("text", text,
                        "metadata", java.util.Map.of("owner", "alice")));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                aIds.add(r.json().path("id").asText());
                aTexts.add(text);
                aKeys.add(key);
            }
            for (String session : SESSIONS) {
                for (int i = 0; i < 3; i++) {
                    server.post("/api/conversations/" + session + "/messages", ALICE_KEY,
                            Json.object("role", "user", "text", "alice says secret " + session + " " + i));
                }
            }
            // Idempotency keys of A's, used on a note of A's.
            idempotent(server, ALICE_KEY, "personal", aKeys.get(0), aTexts.get(0));
            String before = snapshot(server);

            int found = 0;
            for (int op = 0; op < OPERATIONS; op++) {
                String what = "seed " + seed + ", operation " + op;
                String ns = pick(random, NAMESPACES);
                String id = pick(random, aIds);
                String text = pick(random, aTexts);
                String session = pick(random, SESSIONS);
                Reply r;
                switch (random.nextInt(9)) {
                    case 0 -> r = server.get("/api/namespaces/" + ns + "/notes/" + id, BOB_KEY).isError(404, "NOT_FOUND");
                    case 1 -> r = server.delete("/api/namespaces/" + ns + "/notes/" + id, BOB_KEY).isError(404, "NOT_FOUND");
                    case 2 -> r = server.get("/api/namespaces/" + ns + "/notes?limit=100", BOB_KEY);
                    case 3 -> r = server.post("/api/search", BOB_KEY, Json.object("query", text,
                            "namespaces", NAMESPACES, "topK", 50));
                    case 4 -> r = server.get("/api/conversations/" + session + "/messages?last=100", BOB_KEY);
                    case 5 -> r = server.get("/api/namespaces/" + ns + "/notes?cursor=" + id, BOB_KEY);
                    // B writes A's exact text into A's namespace name: dedup must not hand back A's note.
                    case 6 -> r = server.post("/api/namespaces/" + ns + "/notes", BOB_KEY, Json.object("text", text,
                            "id", id, "tenant", "alice"));
                    // B reuses A's idempotency key: a different note, B's own, not A's and not a conflict.
                    case 7 -> r = idempotent(server, BOB_KEY, "personal", pick(random, aKeys), text);
                    default -> r = server.post("/api/conversations/" + session + "/messages", BOB_KEY,
                            Json.object("role", "user", "text", "bob writes " + op));
                }
                assertThat(r.status()).as(what + ": " + r.body()).isLessThan(500);
                // A 404 names the id B asked for; an answer with data must name none of A's.
                for (String aId : r.status() == 404 ? List.<String>of() : aIds) {
                    assertThat(r.body()).as(what + " shows A's id").doesNotContain(aId);
                }
                assertThat(r.body()).as(what + " shows A's conversation").doesNotContain("alice says");
                assertThat(r.body()).as(what + " shows A's metadata").doesNotContain("\"owner\"");
                found += r.status() == 404 ? 1 : 0;
            }
            assertThat(snapshot(server)).as("seed %d: A's snapshot after B's operations", seed).isEqualTo(before);
            assertThat(server.server.serverErrors()).isZero();
            System.out.printf("web-demo tenant isolation: seed=%d operations=%d (404=%d) A's notes=%d, messages=6;"
                    + " A's snapshot unchanged%n", seed, OPERATIONS, found, aIds.size());
        }
    }

    private static Reply idempotent(TestServer server, String key, String ns, String idempotencyKey, String text)
            throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base + "/api/namespaces/" + ns + "/notes"))
                .header("Authorization", "Bearer " + key).header("Idempotency-Key", idempotencyKey)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Json.object("text", text))).build();
        Reply r = Reply.of(server.http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()));
        assertThat(r.status()).as(r.body()).isIn(200, 201, 409);
        return r;
    }

    /** Everything A has, through A's key: every namespace's notes, every conversation, a search per namespace. */
    private static String snapshot(TestServer server) throws Exception {
        TreeMap<String, Object> out = new TreeMap<>();
        for (String ns : NAMESPACES) {
            JsonNode items = server.get("/api/namespaces/" + ns + "/notes?limit=100", ALICE_KEY).json().path("items");
            out.put("notes " + ns, items.toString());
            JsonNode matches = server.post("/api/search", ALICE_KEY, Json.object("query", "the code word",
                    "namespaces", List.of(ns), "topK", 50)).json().path("matches");
            List<String> ids = new ArrayList<>();
            matches.forEach(n -> ids.add(n.path("id").asText() + "@" + n.path("version").asText()));
            ids.sort(null);
            out.put("search " + ns, ids);
        }
        for (String session : SESSIONS) {
            out.put("messages " + session, server.get("/api/conversations/" + session + "/messages?last=100", ALICE_KEY).body());
        }
        return out.toString();
    }

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
