package dev.agentmemory.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM ({@link Process#destroy()}) while {@value #CLIENTS} clients loop puts and searches:
 * every request completes with a 2xx or fails cleanly (connection refused or closed, or a JSON
 * 503), none gets another 5xx, none hangs; the JVM exits 0; the SQLite file passes
 * {@code PRAGMA integrity_check}; every note whose put got a 2xx is there.
 */
class GracefulStopUnderLoadIT {
    static final int CLIENTS = 32;
    private static final String KEY = "load-stop-key-123456";
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(45);

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void sigterm_under_load_answers_or_refuses_every_request_cleanly_and_keeps_every_acknowledged_note() throws Exception {
        Path dir = Files.createTempDirectory("web-demo-stop-load");
        Path db = dir.resolve("data").resolve("stop.db");
        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // id -> text
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stopped = new AtomicBoolean();
        ChildJvm demo = ChildJvm.start(WebDemo.class, Map.of("AGENT_MEMORY_KEYS", "ops=" + KEY), dir,
                "--port", "0", "--store", "sqlite:" + db);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try (demo) {
            Matcher m = LISTENING.matcher(demo.awaitLine("listening on", 120));
            assertThat(m.find()).isTrue();
            String base = "http://127.0.0.1:" + m.group(1);
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                pool.execute(() -> {
                    // One client per thread, as separate programs would be: its own connection pool.
                    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                    try {
                        start.await();
                        for (int i = 0; failure.get() == null; i++) {
                            boolean put = i % 4 != 3;
                            String text = "client " + client + " note " + i + " written under load";
                            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + (put
                                    ? "/api/namespaces/load/notes" : "/api/search"))).timeout(REQUEST_TIMEOUT)
                                    .header("X-Api-Key", KEY);
                            String body = put ? TestServer.Json.object("text", text)
                                    : TestServer.Json.object("query", text, "namespaces", java.util.List.of("load"), "topK", 3);
                            sent.incrementAndGet();
                            HttpResponse<String> r;
                            try {
                                r = http.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                        HttpResponse.BodyHandlers.ofString());
                            } catch (HttpTimeoutException e) {
                                throw new AssertionError("a request hung past " + REQUEST_TIMEOUT + ": " + body, e);
                            } catch (IOException e) {
                                refused.incrementAndGet(); // refused or closed: clean, if the server is stopping
                                if (!stopped.get()) {
                                    throw new AssertionError("a request failed before the stop: " + e, e);
                                }
                                return;
                            }
                            if (r.statusCode() / 100 == 2) {
                                ok.incrementAndGet();
                                if (put) {
                                    acknowledged.put(JsonBody.MAPPER.readTree(r.body()).path("id").asText(), text);
                                }
                            } else if (r.statusCode() == 503 && stopped.get()) {
                                unavailable.incrementAndGet();
                                assertThat(r.headers().firstValue("Content-Type").orElse("")).as(r.body())
                                        .startsWith("application/json");
                                assertThat(JsonBody.MAPPER.readTree(r.body()).path("error").path("code").asText())
                                        .isNotBlank();
                            } else {
                                throw new AssertionError("status " + r.statusCode() + " (stopping: " + stopped.get()
                                        + "): " + r.body());
                            }
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    } finally {
                        done.countDown();
                    }
                });
            }
            start.countDown();
            Thread.sleep(6_000); // load builds up: every client has requests in flight
            int beforeStop = ok.get();
            stopped.set(true);
            demo.process.destroy(); // SIGTERM
            assertThat(done.await(120, TimeUnit.SECONDS)).as("every client finished").isTrue();
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            assertThat(demo.process.waitFor(60, TimeUnit.SECONDS)).as(demo.output()).isTrue();
            assertThat(demo.process.exitValue()).as(demo.output()).isZero();
            assertThat(beforeStop).as("requests answered before the stop").isGreaterThan(CLIENTS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(SqliteFiles.integrityCheck(db)).isEqualTo("ok");
        DemoSettings settings = new DemoSettings("sqlite:" + db, "127.0.0.1", 0, ApiKeys.dev(), Map.of());
        try (MemoryStore store = WebDemo.openStore(settings)) {
            Namespace load = store.namespace("ops", "load");
            for (Map.Entry<String, String> note : acknowledged.entrySet()) {
                assertThat(load.get(MemoryId.parse(note.getKey()))).as("acknowledged note %s", note.getKey())
                        .hasValueSatisfying(mem -> assertThat(mem.content()).isEqualTo(note.getValue()));
            }
            // A put cut off mid-reply may have committed too: at least every acknowledged note is there.
            assertThat(load.count()).isGreaterThanOrEqualTo(acknowledged.size());
        }
        System.out.printf("web-demo graceful stop under load: clients=%d sent=%d 2xx=%d refused/closed=%d 503=%d"
                + " other5xx=0 hung=0 exit=0 integrity=ok notesVerified=%d%n", CLIENTS, sent.get(), ok.get(),
                refused.get(), unavailable.get(), acknowledged.size());
    }
}
