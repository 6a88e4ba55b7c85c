package dev.agentmemory.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryStore;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Prometheus text at /admin/metrics: the store's meters, for clients on this machine only. */
class AdminMetricsIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> get(String base) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + AdminMetrics.PATH)).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_loopback_scrape_gets_the_store_meters_with_the_counts_of_the_calls_made() throws Exception {
        try (TestServer server = TestServer.start()) {
            for (int i = 0; i < 3; i++) {
                server.putNote(TestServer.ALICE_KEY, "personal", "metered note " + i);
            }
            assertThat(server.post("/api/search", TestServer.ALICE_KEY,
                    TestServer.Json.object("query", "metered", "namespaces", java.util.List.of("personal"))).status())
                    .isEqualTo(200);
            long puts = server.store.stats().operations().get("put").calls();

            HttpResponse<String> scrape = get(server.base);

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            // Three notes.
            assertThat(puts).isEqualTo(3);
            // Figures may be up to a second old (AgentMemoryMetrics.DEFAULT_MAX_AGE), and an operation
            // first recorded after binding gets its meters at the first read that sees it.
            String text = scrapeUntil(server.base, "operation=\"put\"", Duration.ofSeconds(10));
            assertThat(text).contains("agentmemory_operations_seconds_count{backend=\"sqlite\",operation=\"put\","
                    + "outcome=\"success\"} 3")
                    .contains("agentmemory_pool_open{backend=\"sqlite\",pool=\"writer\"}")
                    .contains("agentmemory_index_vectors{backend=\"sqlite\"} 3")
                    .doesNotContain(server.dir.toString());
        }
    }

    private String scrapeUntil(String base, String expected, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        String text = get(base).body();
        while (!text.contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            text = get(base).body();
        }
        return text;
    }

    @Test
    void a_client_on_another_address_gets_a_404() throws Exception {
        Optional<InetAddress> external = nonLoopbackAddress();
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
        }
        Path dir = Files.createTempDirectory("web-demo-admin");
        DemoSettings settings = new DemoSettings("sqlite:" + dir.resolve("demo.db"), "0.0.0.0", 0,
                ApiKeys.parse("alice=" + TestServer.ALICE_KEY), Map.of());
        try (MemoryStore store = WebDemo.openStore(settings)) {
            DemoServer server = new DemoServer(store, settings.keys()).start("0.0.0.0", 0);
            try {
                HttpResponse<String> outside = get("http://" + external.orElseThrow().getHostAddress() + ":" + server.port());
                HttpResponse<String> inside = get("http://127.0.0.1:" + server.port());

                assertThat(outside.statusCode()).isEqualTo(404);
                assertThat(outside.body()).contains("NOT_FOUND").doesNotContain("agentmemory_");
                assertThat(inside.statusCode()).isEqualTo(200);
                assertThat(inside.body()).contains("agentmemory_pool_open");
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void loopback_means_this_machine_only() {
        assertThat(AdminMetrics.isLoopback("127.0.0.1")).isTrue();
        assertThat(AdminMetrics.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(AdminMetrics.isLoopback("192.0.2.7")).isFalse();
        assertThat(AdminMetrics.isLoopback("not an address")).isFalse();
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
