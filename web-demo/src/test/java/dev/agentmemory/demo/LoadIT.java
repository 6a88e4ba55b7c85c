package dev.agentmemory.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentmemory.demo.TestServer.Json;
import dev.agentmemory.demo.TestServer.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Load from a separate process on loopback: {@link LoadClient} in a child JVM sends
 * {@value #REQUESTS} requests over {@value #CONCURRENCY} concurrent connections (puts, searches,
 * gets) to a server in this JVM. No request may fail, and afterwards every acknowledged note is
 * there by id and is the top match of a search for its exact text.
 */
class LoadIT {
    static final int REQUESTS = 2_000;
    static final int CONCURRENCY = 64;
    static final int MAX_SECONDS = 150;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void thousands_of_concurrent_requests_from_another_process_fail_none_and_lose_nothing() throws Exception {
        try (TestServer server = TestServer.start()) {
            Path notesFile = server.dir.resolve("notes.tsv");
            ChildJvm client = ChildJvm.start(LoadClient.class, Map.of(), server.dir, server.base, TestServer.ALICE_KEY,
                    String.valueOf(REQUESTS), String.valueOf(CONCURRENCY), "load", notesFile.toString(),
                    String.valueOf(MAX_SECONDS));
            try (client) {
                assertThat(client.process.waitFor(MAX_SECONDS + 60, TimeUnit.SECONDS)).as("load client finished").isTrue();
            }
            String figures = client.awaitLine("LOAD ", 5);
            System.out.println("web-demo load test: " + figures);
            assertThat(client.output()).doesNotContain("ERROR ");
            assertThat(figures).contains("requests=" + REQUESTS + " completed=" + REQUESTS, "errors=0 ");
            assertThat(client.process.exitValue()).as(client.output()).isZero();
            assertThat(server.server.serverErrors()).isZero();

            List<String[]> notes = new ArrayList<>();
            for (String line : Files.readAllLines(notesFile, StandardCharsets.UTF_8)) {
                notes.add(line.split("\t", 2));
            }
            assertThat(notes).hasSizeGreaterThanOrEqualTo(REQUESTS / 2);

            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> checks = new ArrayList<>();
                for (String[] note : notes) {
                    checks.add(pool.submit(() -> {
                        Reply got = server.get("/api/namespaces/load/notes/" + note[0], TestServer.ALICE_KEY);
                        assertThat(got.status()).as(got.body()).isEqualTo(200);
                        assertThat(got.json().path("text").asText()).isEqualTo(note[1]);
                        Reply found = server.post("/api/search", TestServer.ALICE_KEY,
                                Json.object("query", note[1], "namespaces", List.of("load"), "topK", 3));
                        JsonNode top = found.json().path("matches").path(0);
                        assertThat(top.path("id").asText()).as("top match for '%s': %s", note[1], found.body())
                                .isEqualTo(note[0]);
                        return null;
                    }));
                }
                for (Future<?> check : checks) {
                    check.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            Reply count = server.get("/api/namespaces/load/notes?limit=1", TestServer.ALICE_KEY);
            assertThat(count.status()).isEqualTo(200);
            assertThat(server.server.serverErrors()).isZero();
            System.out.println("web-demo load test: verified " + notes.size() + " notes by id and by exact-text search");
        }
    }
}
