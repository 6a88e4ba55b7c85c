package dev.agentmemory.mcp;

import static dev.agentmemory.mcp.McpClients.entity;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.TypeRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every MCP client spawns its own server, so several server processes share one store. The
 * reference server keeps its graph in one JSON Lines file that each process reads, changes and
 * rewrites whole, and loses writes this way. Ours, on one SQLite file, must lose none: four real
 * server processes, each driven by its own SDK client creating 50 entities one call at a time, all
 * at once; then a fresh server must read all 200.
 */
class MultiProcessNoLostWritesIT {
    static final int PROCESSES = 4;
    static final int ENTITIES_EACH = 50;

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void four_server_processes_on_one_sqlite_file_lose_no_entity() throws Exception {
        String store = "sqlite:" + dir.resolve("shared.db");
        String[] args = {"--store", store, "--tenant", "team", "--embedder", TestEmbedder.class.getName()};
        List<McpSyncClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(PROCESSES);
        try {
            for (int p = 0; p < PROCESSES; p++) {
                clients.add(McpClients.stdio(args));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<long[]>> runs = new ArrayList<>();
            for (int p = 0; p < PROCESSES; p++) {
                McpSyncClient client = clients.get(p);
                int process = p;
                runs.add(pool.submit(() -> {
                    start.await();
                    long began = System.nanoTime();
                    long acknowledged = 0;
                    for (int i = 0; i < ENTITIES_EACH; i++) {
                        List<Object> created = McpClients.ok(client, "create_entities", Map.of("entities",
                                List.of(entity("p" + process + "-e" + i, "note", "written by process " + process))),
                                new TypeRef<List<Object>>() {});
                        acknowledged += created.size();
                    }
                    return new long[] {began, System.nanoTime(), acknowledged};
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            long acknowledged = 0;
            long lastStart = 0;
            long firstEnd = Long.MAX_VALUE;
            for (Future<long[]> run : runs) {
                long[] r = run.get(150, TimeUnit.SECONDS);
                lastStart = Math.max(lastStart, r[0]);
                firstEnd = Math.min(firstEnd, r[1]);
                acknowledged += r[2];
            }
            long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(acknowledged).isEqualTo(PROCESSES * ENTITIES_EACH);
            // The race happened: every process was still writing when the last one began.
            assertThat(lastStart).as("the four writers overlapped in time").isLessThan(firstEnd);

            for (McpSyncClient c : clients) {
                c.close();
            }
            clients.clear();
            try (McpSyncClient fresh = McpClients.stdio(args)) {
                List<String> names = McpServerHttpTest.entities(McpClients.ok(fresh, "read_graph", Map.of()));
                List<String> expected = new ArrayList<>();
                for (int p = 0; p < PROCESSES; p++) {
                    for (int i = 0; i < ENTITIES_EACH; i++) {
                        expected.add("p" + p + "-e" + i);
                    }
                }
                assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
                System.out.printf("[mcp 4 processes] %d create_entities calls acknowledged in %d ms (%.0f calls/s), "
                        + "a fresh server read %d of %d entities%n", acknowledged, elapsedMs,
                        acknowledged * 1000.0 / elapsedMs, names.size(), expected.size());
            }
        } finally {
            clients.forEach(McpSyncClient::close);
            pool.shutdownNow();
        }
    }
}
