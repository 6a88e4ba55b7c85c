package dev.agentmemory.demo;

import static dev.agentmemory.demo.TestServer.ALICE_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.demo.TestServer.Json;
import dev.agentmemory.demo.TestServer.Reply;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Confined to the JUnit thread that runs it: the demo over a real PostgreSQL server (zonky's
 * embedded server on a port and data directory of its own) that is stopped under it and started
 * again. Once a request has found the database down, requests are answered at once with a 503
 * that names neither host, port, driver nor pool; the log has one line per failed request and no
 * stack trace; and the demo serves again by itself once the server is back.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class StoreOutageIT {
    /** The pool's wait for a connection: what the first request after the stop costs. */
    private static final long CONNECTION_TIMEOUT_MS = 3_000;
    /** What "at once" means here, with the slack of a loaded build machine. */
    private static final long FAST_MS = 1_000;
    /** What a client must never see of the server. */
    private static final List<String> LEAKS = List.of("localhost", "127.0.0.1", "5432", "Hikari", "agent-memory-postgres",
            "postgresql", "PSQL", "jdbc", "SQLState", "Connection to", "Exception", "[the store] [the store]");

    @Test
    void requests_fail_fast_and_clean_while_the_database_is_down_and_serve_again_when_it_is_back() throws Exception {
        Path dir = Files.createTempDirectory("web-demo-outage");
        Path pgData = dir.resolve("pg");
        int pgPort = freePort();
        EmbeddedPostgres pg = startPostgres(pgData, pgPort);
        Map<String, String> props = Map.of("user", "postgres", "connectionTimeoutMillis",
                String.valueOf(CONNECTION_TIMEOUT_MS));
        try (TestServer server = TestServer.start(dir, "postgresql://localhost:" + pgPort + "/postgres", props,
                ApiKeys.parse("alice=" + ALICE_KEY))) {
            String before = server.putNote(ALICE_KEY, "personal", "The team meets on Tuesdays at ten");
            List<String> leaksToo = new ArrayList<>(LEAKS);
            leaksToo.add(String.valueOf(pgPort));
            leaksToo.add(dir.toString());

            System.out.println("StoreOutageIT: stopping PostgreSQL on purpose; the WARN lines of HikariCP, StoreBreaker"
                    + " and DemoServer until 'the database answers again' are what this test expects");
            pg.close(); // a clean stop: the server refuses connections from now on
            PrintStream realErr = System.err;
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            System.setErr(new PrintStream(new Tee(realErr, log), true, StandardCharsets.UTF_8));
            long firstMs;
            int fast = 0;
            try {
                long t0 = System.nanoTime();
                Reply first = firstUnavailable(server);
                firstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertClean(first, leaksToo);

                for (String[] request : new String[][] {
                        {"POST", "/api/namespaces/personal/notes", Json.object("text", "written while down")},
                        {"GET", "/api/namespaces/personal/notes/" + before, null},
                        {"GET", "/api/namespaces/personal/notes", null},
                        {"DELETE", "/api/namespaces/personal/notes/" + before, null},
                        {"POST", "/api/search", Json.object("query", "team", "namespaces", List.of("personal"))},
                        {"POST", "/api/conversations/c1/messages", Json.object("role", "user", "text", "hi")},
                        {"GET", "/api/conversations/c1/messages", null},
                        {"GET", "/api/namespaces", null},
                        {"GET", "/api/stats", null}}) {
                    long s = System.nanoTime();
                    Reply r = server.send(request[0], request[1], ALICE_KEY, request[2]);
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s);
                    assertClean(r, leaksToo);
                    assertThat(ms).as("%s %s answered while the database is known to be down", request[0], request[1])
                            .isLessThan(FAST_MS);
                    fast++;
                }
                Reply health = server.get("/api/health", null);
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.json().path("store").asText()).isEqualTo("down");
            } finally {
                System.setErr(realErr);
            }
            String[] lines = log.toString(StandardCharsets.UTF_8).split("\\R");
            assertThat(Arrays.stream(lines).filter(l -> l.matches("\\s+at .*") || l.startsWith("Caused by")))
                    .as("no stack trace in the log while the database is down:%n%s", String.join("\n", lines)).isEmpty();
            assertThat(Arrays.stream(lines).filter(l -> l.contains("refused: STORE_UNAVAILABLE")).count())
                    .as("one line per refused request:%n%s", String.join("\n", lines)).isEqualTo(fast);
            assertThat(firstMs).as("the scenario: the first request waited for the pool's timeout")
                    .isGreaterThanOrEqualTo(CONNECTION_TIMEOUT_MS * 8 / 10);

            pg = startPostgres(pgData, pgPort);
            long back = System.nanoTime();
            Reply after = null;
            while (TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - back) < 60) {
                after = server.post("/api/namespaces/personal/notes", ALICE_KEY, Json.object("text", "written after"));
                if (after.status() != 503) {
                    break;
                }
                Thread.sleep(200);
            }
            long recoveredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
            assertThat(after.status()).as("serves again without a restart: %s", after.body()).isEqualTo(201);
            assertThat(server.get("/api/namespaces/personal/notes/" + before, ALICE_KEY).status()).isEqualTo(200);
            assertThat(server.get("/api/health", null).json().path("store").asText()).isEqualTo("up");
            System.out.println("web-demo outage: first request after the stop " + firstMs + " ms (pool timeout "
                    + CONNECTION_TIMEOUT_MS + " ms), then " + fast + " requests answered 503 at once; serving again "
                    + recoveredMs + " ms after the server was back");
        } finally {
            pg.close();
        }
    }

    /** The first request after the stop, retried while the pool still had a connection that died with the server. */
    private static Reply firstUnavailable(TestServer server) throws IOException, InterruptedException {
        Reply r = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            r = server.post("/api/namespaces/personal/notes", ALICE_KEY, Json.object("text", "first after the stop"));
            if ("STORE_UNAVAILABLE".equals(r.json().path("error").path("code").asText())) {
                return r;
            }
        }
        throw new AssertionError("no STORE_UNAVAILABLE after the stop: " + r.status() + " " + r.body());
    }

    private static void assertClean(Reply r, List<String> leaks) {
        r.isError(503, "STORE_UNAVAILABLE");
        for (String leak : leaks) {
            assertThat(r.body()).as("the answer shows '%s'", leak).doesNotContain(leak);
        }
        assertThat(r.message()).contains("the database cannot be reached").contains("retry");
    }

    private static EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Writes to both streams: the run's log stays visible while the test reads it. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
