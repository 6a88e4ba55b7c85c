package dev.agentmemory.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.agentmemory.MemoryStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Thread-safe: share one instance. A demo server in this JVM on a free loopback port over a
 * fresh SQLite file, with an HTTP client that speaks to it over real HTTP.
 */
final class TestServer implements AutoCloseable {
    static final String ALICE_KEY = "alice-key-0123456789";
    static final String BOB_KEY = "bob-key-9876543210";

    final Path dir;
    final MemoryStore store;
    final DemoServer server;
    final String base;
    private final ApiKeys keys;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private TestServer(Path dir, MemoryStore store, DemoServer server, ApiKeys keys) {
        this.keys = keys;
        this.dir = dir;
        this.store = store;
        this.server = server;
        this.base = "http://127.0.0.1:" + server.port();
    }

    /** Tenants alice and bob with {@link #ALICE_KEY} and {@link #BOB_KEY}. */
    static TestServer start() throws IOException {
        return start(ApiKeys.parse("alice=" + ALICE_KEY + ",bob=" + BOB_KEY));
    }

    static TestServer start(ApiKeys keys) throws IOException {
        Path dir = Files.createTempDirectory("web-demo-test");
        return start(dir, "sqlite:" + dir.resolve("demo.db"), Map.of(), keys);
    }

    /** A server over any store URI with these store properties; {@code dir} is the test's own. */
    static TestServer start(Path dir, String storeUri, Map<String, String> storeProperties, ApiKeys keys) {
        DemoSettings settings = new DemoSettings(storeUri, "127.0.0.1", 0, keys, storeProperties);
        MemoryStore store = WebDemo.openStore(settings);
        try {
            return new TestServer(dir, store, new DemoServer(store, keys).start("127.0.0.1", 0), keys);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The server's admin key, which reads the server-wide {@code /api/stats}. */
    String adminKey() {
        return keys.adminKey();
    }

    /** One request; {@code key} may be null (no key), {@code body} null (no body). */
    Reply send(String method, String path, String key, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return Reply.of(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    Reply get(String path, String key) throws IOException, InterruptedException {
        return send("GET", path, key, null);
    }

    Reply post(String path, String key, String body) throws IOException, InterruptedException {
        return send("POST", path, key, body);
    }

    Reply delete(String path, String key) throws IOException, InterruptedException {
        return send("DELETE", path, key, null);
    }

    /** Stores a note that is new in its namespace and returns its id, asserting a 201. */
    String putNote(String key, String namespace, String text) throws IOException, InterruptedException {
        Reply r = post("/api/namespaces/" + namespace + "/notes", key, Json.object("text", text));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            store.close();
        }
    }

    /** An HTTP reply with its body parsed when it is JSON. */
    record Reply(int status, String body, HttpResponse<String> raw) {
        static Reply of(HttpResponse<String> r) {
            return new Reply(r.statusCode(), r.body(), r);
        }

        JsonNode json() {
            try {
                return body.isEmpty() ? MissingNode.getInstance() : JsonBody.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** Asserts this is a JSON error with the status and code, a message, and no stack trace. */
        Reply isError(int expectedStatus, String expectedCode) {
            assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
            assertThat(header("Content-Type")).as("content type").startsWith("application/json");
            JsonNode error = json().path("error");
            assertThat(error.path("code").asText()).as(body).isEqualTo(expectedCode);
            assertThat(error.path("message").asText()).as(body).isNotBlank();
            assertThat(body).doesNotContain("Exception", "\tat ", "at dev.agentmemory", "at io.javalin");
            return this;
        }

        String message() {
            return json().path("error").path("message").asText();
        }
    }

    /** Tiny JSON writing for test bodies. */
    static final class Json {
        private Json() {}

        static String object(Object... keysAndValues) {
            Map<String, Object> map = new java.util.LinkedHashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
            try {
                return JsonBody.MAPPER.writeValueAsString(map);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
