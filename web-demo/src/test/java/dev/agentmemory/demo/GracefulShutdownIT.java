package dev.agentmemory.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM ({@link Process#destroy()}) stops the demo gracefully: a request in flight when the
 * signal arrives completes with its 201, the JVM exits 0, and the store reopens clean with
 * every acknowledged note.
 */
class GracefulShutdownIT {
    private static final String KEY = "graceful-key-123456";
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void a_request_in_flight_at_sigterm_completes_the_jvm_exits_0_and_the_store_reopens_clean() throws Exception {
        Path dir = Files.createTempDirectory("web-demo-graceful");
        Path db = dir.resolve("data").resolve("graceful.db");
        try (ChildJvm child = ChildJvm.start(WebDemo.class, Map.of("AGENT_MEMORY_KEYS", "ops=" + KEY), dir,
                "--port", "0", "--store", "sqlite:" + db)) {
            Matcher m = LISTENING.matcher(child.awaitLine("listening on", 120));
            assertThat(m.find()).isTrue();
            int port = Integer.parseInt(m.group(1));

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> before = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/namespaces/ops/notes")).header("X-Api-Key", KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"stored before the signal\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(before.statusCode()).as(before.body()).isEqualTo(201);
            String beforeId = JsonBody.MAPPER.readTree(before.body()).path("id").asText();

            // A request in flight: headers and half the body sent, so its handler is running and waits for the rest.
            byte[] body = "{\"text\":\"stored while the server was stopping\"}".getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(60_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/namespaces/ops/notes HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: " + KEY
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, body.length / 2);
                out.flush();
                Thread.sleep(500); // let the server read the headers and start the handler

                child.process.destroy(); // SIGTERM
                child.awaitLine("finishing requests in flight", 30);
                assertThat(newConnectionRefused(port)).as("new connections are refused while stopping").isTrue();

                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                String reply = readAll(socket.getInputStream());
                assertThat(reply).as(reply).startsWith("HTTP/1.1 201");
                assertThat(reply).contains("stored while the server was stopping");
            }

            assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).as(child.output()).isTrue();
            assertThat(child.process.exitValue()).as(child.output()).isZero();
            assertThat(child.output()).contains("closed").doesNotContain("Exception");

            DemoSettings settings = new DemoSettings("sqlite:" + db, "127.0.0.1", 0, ApiKeys.dev(), Map.of());
            try (MemoryStore store = WebDemo.openStore(settings)) {
                Namespace ops = store.namespace("ops", "ops");
                assertThat(ops.count()).isEqualTo(2);
                assertThat(ops.get(MemoryId.parse(beforeId))).isPresent();
                assertThat(ops.search(Search.text("stored while the server was stopping").topK(1)).get(0).memory().content())
                        .isEqualTo("stored while the server was stopping");
                assertThat(ops.put(MemoryDraft.of("written after the restart"))).isNotNull();
            }
        }
    }

    /** True when a new connection is refused (or closed at once without an answer). */
    private static boolean newConnectionRefused(int port) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(2_000);
                s.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String reply = readAll(s.getInputStream());
                if (reply.isEmpty()) {
                    return true;
                }
                Thread.sleep(100); // the connector has not closed yet
            } catch (ConnectException e) {
                return true;
            } catch (Exception e) {
                return true; // reset or timeout: not served
            }
        }
        return false;
    }

    private static String readAll(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toString(StandardCharsets.UTF_8);
    }

}
