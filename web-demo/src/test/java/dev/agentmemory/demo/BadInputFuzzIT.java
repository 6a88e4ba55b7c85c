package dev.agentmemory.demo;

import static dev.agentmemory.demo.TestServer.ALICE_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random bad input at every endpoint, sent as raw bytes: hostile strings in every path
 * segment, query parameter, header and field, non-finite and huge numbers, wrong types, missing
 * fields, huge, empty and deeply nested bodies, invalid UTF-8, malformed Authorization headers.
 * Each answer is a 4xx JSON error, or a 2xx where the input is valid (and then reads back
 * exactly); never a 5xx, never SQL, a stack trace or a server path. Afterwards the SQLite file
 * has a fresh store's schema and holds exactly the acknowledged writes.
 *
 * <p>The seed is random per run and in every failure message; rerun one with
 * {@code -Dagentmemory.fuzz.seed=<seed>}.
 */
class BadInputFuzzIT {
    static final int REQUESTS = 400;

    /** Text that must never reach a client. */
    private static final List<String> LEAKS = List.of("SELECT", "INSERT", "SQLState", "SQLSTATE", "SQLITE_", "jdbc",
            "at dev.", "at io.", "at org.", "Exception:", ".java:", "demo.db");

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void random_bad_input_at_every_endpoint_gets_a_4xx_json_error_and_changes_nothing_it_should_not() throws Exception {
        long seed = Long.getLong("agentmemory.fuzz.seed", new Random().nextLong());
        Random random = new Random(seed);
        FuzzRequests gen = new FuzzRequests(random, ALICE_KEY);
        Map<String, String> notes = new HashMap<>(); // id -> text, every 2xx note
        Map<String, JsonNode> metadata = new HashMap<>();
        Map<String, String> namespaceOf = new HashMap<>();
        Set<String> messages = new HashSet<>();
        int ok = 0;
        int clientErrors = 0;
        Path db;
        Map<String, Integer> statuses = new java.util.TreeMap<>();
        try (TestServer server = TestServer.start()) {
            db = server.dir.resolve("demo.db");
            String dir = server.dir.toString();
            List<FuzzRequests.Request> roundTrips = gen.roundTrips();
            for (int i = 0; i < roundTrips.size() + REQUESTS; i++) {
                FuzzRequests.Request req = i < roundTrips.size() ? roundTrips.get(i) : gen.next();
                String what = "seed " + seed + ", request " + i + ": " + req;
                RawHttp.Reply reply = RawHttp.send(server.server.port(), req.head(), req.body());
                statuses.merge(String.valueOf(reply.status()), 1, Integer::sum);
                assertThat(reply.status()).as(what + " -> " + reply.body()).isLessThan(500);
                for (String leak : LEAKS) {
                    assertThat(reply.body()).as(what + " leaks '" + leak + "'").doesNotContain(leak);
                }
                assertThat(reply.body()).as(what + " leaks the server's directory").doesNotContain(dir);
                if (reply.status() >= 400) {
                    clientErrors++;
                    assertThat(reply.contentType()).as(what + " -> " + reply.status() + " " + reply.headers() + " " + reply.body()).startsWith("application/json");
                    JsonNode error = JsonBody.MAPPER.readTree(reply.body()).path("error");
                    assertThat(error.path("code").asText()).as(what + " -> " + reply.body()).isNotBlank();
                    assertThat(error.path("message").asText()).as(what + " -> " + reply.body()).isNotBlank();
                    continue;
                }
                ok++;
                if ((reply.status() == 201 || reply.status() == 200) && req.endpoint() == FuzzRequests.Endpoint.PUT_NOTE) {
                    JsonNode sent = JsonBody.MAPPER.readTree(req.body());
                    JsonNode got = JsonBody.MAPPER.readTree(reply.body());
                    String id = got.path("id").asText();
                    // Dedup may answer an older note with the same text: the text matches either way.
                    assertThat(got.path("text").asText()).as(what).isEqualTo(sent.path("text").asText());
                    notes.putIfAbsent(id, sent.path("text").asText());
                    metadata.putIfAbsent(id, sent.path("metadata"));
                    namespaceOf.putIfAbsent(id, got.path("namespace").asText());
                } else if (reply.status() == 201 && req.endpoint() == FuzzRequests.Endpoint.APPEND_MESSAGE) {
                    messages.add(JsonBody.MAPPER.readTree(req.body()).path("text").asText());
                }
            }
            // Every acknowledged note reads back exactly: text and metadata.
            for (Map.Entry<String, String> note : notes.entrySet()) {
                TestServer.Reply got = server.get("/api/namespaces/" + namespaceOf.get(note.getKey())
                        + "/notes/" + note.getKey(), ALICE_KEY);
                assertThat(got.status()).as("seed %d: note %s -> %s", seed, note.getKey(), got.body()).isEqualTo(200);
                assertThat(got.json().path("text").asText()).as("seed %d", seed).isEqualTo(note.getValue());
                JsonNode sent = metadata.get(note.getKey());
                JsonNode stored = got.json().path("metadata");
                if (sent.isObject() && !sent.isEmpty()) {
                    sent.fields().forEachRemaining(e -> assertThat(stored.path(e.getKey()).asText())
                            .as("seed %d: metadata %s of %s", seed, e.getKey(), got.body()).isEqualTo(e.getValue().asText()));
                }
            }
            TestServer.Reply stats = server.get("/api/stats", server.adminKey());
            assertThat(stats.json().path("http").path("serverErrors").asLong()).as("seed %d: 5xx in /api/stats", seed).isZero();
            assertThat(server.server.serverErrors()).as("seed %d: 5xx", seed).isZero();
        }

        assertThat(SqliteFiles.schema(db)).as("seed %d: the schema after the run", seed).isEqualTo(SqliteFiles.freshSchema());
        assertThat(SqliteFiles.integrityCheck(db)).isEqualTo("ok");
        Set<String> storedIds = new HashSet<>();
        for (List<Object> row : SqliteFiles.rows(db, "SELECT id, namespace, content FROM memories")) {
            String id = row.get(0).toString().strip();
            if (MessageAppends.RECORDS.equals(row.get(1))) {
                continue;
            }
            storedIds.add(id);
            assertThat(notes).as("seed %d: stored note %s was never acknowledged", seed, id).containsKey(id);
            assertThat(row.get(2)).as("seed %d", seed).isEqualTo(notes.get(id));
        }
        assertThat(storedIds).as("seed %d: every acknowledged note is stored", seed).isEqualTo(notes.keySet());
        for (List<Object> row : SqliteFiles.rows(db, "SELECT content FROM conversation_messages")) {
            assertThat(messages).as("seed %d: a stored message was never acknowledged", seed).contains((String) row.get(0));
        }
        for (List<Object> row : SqliteFiles.rows(db, "SELECT num_value FROM memory_metadata WHERE num_value IS NOT NULL")) {
            assertThat(Double.isFinite(((Number) row.get(0)).doubleValue())).as("seed %d: stored number %s", seed, row.get(0)).isTrue();
        }
        String figures = String.format("seed=%d requests=%d 2xx=%d 4xx=%d 5xx=0 notesVerified=%d messages=%d statuses=%s",
                seed, REQUESTS + gen.roundTrips().size(), ok, clientErrors, notes.size(), messages.size(), statuses);
        System.out.println("web-demo bad-input fuzz: " + figures);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
