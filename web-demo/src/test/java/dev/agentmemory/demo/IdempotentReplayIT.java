package dev.agentmemory.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A create whose reply is lost, retried with the same {@code Idempotency-Key}, is stored once.
 * The demo runs in a child JVM with the test hook {@value FaultHook#HALT_AFTER_COMMIT}=1: the
 * first create commits and then the JVM halts (status 137) before the reply, so the client's
 * request fails. The demo restarts on the same SQLite file; the retry gets a 2xx with the same id,
 * and exactly one note (or message) with that text exists. Once for a note, once for a message.
 */
class IdempotentReplayIT {
    private static final String API_KEY = "replay-key-0123456789";
    private static final String ADMIN_KEY = "replay-admin-0123456789";
    private static final String TENANT = "ops";
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final String NOTE_KEY = "note-3f1c9a7e-retry";
    private static final String MESSAGE_KEY = "message-8b2d4e6f-retry";
    private static final String NOTE = "The release train leaves on Thursday at nine";
    private static final String MESSAGE = "Please book the room for the retro";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void a_create_whose_reply_was_lost_in_a_crash_is_stored_once_when_retried_with_its_key() throws Exception {
        Path dir = Files.createTempDirectory("web-demo-replay");
        Path db = dir.resolve("data").resolve("replay.db");
        String noteId = IdempotencyKeys.noteId(TENANT, NOTE_KEY).toString();

        try (ChildJvm demo = start(dir, db, true)) {
            int port = port(demo);
            assertThatThrownBy(() -> post(port, "/api/namespaces/ops/notes", NOTE_KEY, TestServer.Json.object("text", NOTE)))
                    .as("the reply is lost: the JVM halts after the commit").isInstanceOf(IOException.class);
            assertHalted(demo);
        }

        try (ChildJvm demo = start(dir, db, true)) {
            int port = port(demo);
            HttpResponse<String> committed = get(port, "/api/namespaces/ops/notes/" + noteId);
            assertThat(committed.statusCode()).as("the halted put had committed: " + committed.body()).isEqualTo(200);
            assertThatThrownBy(() -> post(port, "/api/conversations/retro/messages", MESSAGE_KEY,
                    TestServer.Json.object("role", "user", "text", MESSAGE))).isInstanceOf(IOException.class);
            assertHalted(demo);
        }

        try (ChildJvm demo = start(dir, db, false)) {
            int port = port(demo);
            for (int attempt = 1; attempt <= 2; attempt++) {
                HttpResponse<String> retried = post(port, "/api/namespaces/ops/notes", NOTE_KEY, TestServer.Json.object("text", NOTE));
                assertThat(retried.statusCode()).as("retry %d: %s", attempt, retried.body()).isBetween(200, 299);
                assertThat(json(retried).path("id").asText()).isEqualTo(noteId);
            }
            JsonNode notes = json(get(port, "/api/namespaces/ops/notes?limit=100")).path("items");
            assertThat(notes).as(notes.toString()).hasSize(1);
            assertThat(notes.get(0).path("text").asText()).isEqualTo(NOTE);

            String messageId = null;
            for (int attempt = 1; attempt <= 2; attempt++) {
                HttpResponse<String> retried = post(port, "/api/conversations/retro/messages", MESSAGE_KEY,
                        TestServer.Json.object("role", "user", "text", MESSAGE));
                assertThat(retried.statusCode()).as("retry %d: %s", attempt, retried.body()).isBetween(200, 299);
                assertThat(json(retried).path("seq").asLong()).isEqualTo(1);
                messageId = messageId == null ? json(retried).path("id").asText() : messageId;
                assertThat(json(retried).path("id").asText()).isEqualTo(messageId);
            }
            JsonNode conversation = json(get(port, "/api/conversations/retro/messages?last=100"));
            assertThat(conversation.path("size").asLong()).as(conversation.toString()).isEqualTo(1);
            assertThat(conversation.path("messages").get(0).path("text").asText()).isEqualTo(MESSAGE);
            assertThat(conversation.path("messages").get(0).path("id").asText()).isEqualTo(messageId);

            // The same key for something else is a conflict, not a second write and not the first answer.
            HttpResponse<String> other = post(port, "/api/namespaces/ops/notes", NOTE_KEY, TestServer.Json.object("text", "other"));
            assertThat(other.statusCode()).as(other.body()).isEqualTo(409);
            assertThat(json(other).path("error").path("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
            HttpResponse<String> otherMessage = post(port, "/api/conversations/retro/messages", MESSAGE_KEY,
                    TestServer.Json.object("role", "user", "text", "other"));
            assertThat(otherMessage.statusCode()).as(otherMessage.body()).isEqualTo(409);
            assertThat(json(get(port, "/api/namespaces/ops/notes?limit=100")).path("items")).hasSize(1);
            assertThat(json(get(port, "/api/conversations/retro/messages")).path("size").asLong()).isEqualTo(1);
            assertThat(json(get(port, "/api/stats", ADMIN_KEY)).path("http").path("serverErrors").asLong()).isZero();

            demo.process.destroy();
            assertThat(demo.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(demo.process.exitValue()).as(demo.output()).isZero();
        }
        System.out.println("web-demo idempotent replay: 2 halts after commit (note, message), 2 retries each, 1 note and 1 message stored");
    }

    private static ChildJvm start(Path dir, Path db, boolean haltAfterFirstCreate) throws IOException {
        List<String> options = haltAfterFirstCreate ? List.of("-D" + FaultHook.HALT_AFTER_COMMIT + "=1") : List.of();
        return ChildJvm.start(WebDemo.class, options, Map.of("AGENT_MEMORY_KEYS", TENANT + "=" + API_KEY,
                "AGENT_MEMORY_ADMIN_KEY", ADMIN_KEY), dir,
                "--port", "0", "--store", "sqlite:" + db);
    }

    private static int port(ChildJvm demo) throws InterruptedException {
        Matcher m = LISTENING.matcher(demo.awaitLine("listening on", 120));
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static void assertHalted(ChildJvm demo) throws InterruptedException {
        assertThat(demo.process.waitFor(60, TimeUnit.SECONDS)).as(demo.output()).isTrue();
        assertThat(demo.process.exitValue()).as(demo.output()).isEqualTo(137);
        assertThat(demo.output()).contains("TEST HOOK: halting after create call 1");
    }

    private HttpResponse<String> post(int port, String path, String idempotencyKey, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .header("X-Api-Key", API_KEY).header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return get(port, path, API_KEY);
    }

    private HttpResponse<String> get(int port, String path, String key) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .header("X-Api-Key", key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JsonBody.MAPPER.readTree(r.body());
    }
}
