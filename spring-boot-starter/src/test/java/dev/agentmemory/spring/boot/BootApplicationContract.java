package dev.agentmemory.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.spring.ai.AgentMemoryChatMemoryRepository;
import dev.agentmemory.spring.ai.AgentMemoryVectorStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.beans.factory.annotation.Autowired;
import dev.agentmemory.spring.boot.app.NotesApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a Spring Boot application on the starter must be able to rely on, whatever the backend:
 * subclasses choose the backend with a {@code @DynamicPropertySource} for {@code agentmemory.*}
 * (one context each, shared by their tests).
 */
@SpringBootTest(classes = NotesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.banner-mode=off",
            "management.endpoints.web.exposure.include=health,metrics",
            "management.endpoint.health.show-details=always",
            "agentmemory.vector-store.tenant=app",
            "agentmemory.vector-store.namespace=notes",
            "agentmemory.chat-memory.tenant=app"})
abstract class BootApplicationContract {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger RUN = new AtomicInteger();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @LocalServerPort
    int port;

    @Autowired
    MemoryStore store;

    @Autowired
    VectorStore vectorStore;

    @Autowired
    ChatMemoryRepository chatMemoryRepository;

    /** The scheme of the backend this subclass runs on, as {@code MemoryStore.describe()} starts. */
    abstract String expectedBackend();

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /** Work for one client thread; {@code thread} is its number. */
    interface Client {
        void run(int thread) throws Exception;
    }

    /** Runs {@code threads} clients at once behind a start latch and rethrows the first failure. */
    private static void concurrently(int threads, Client client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    client.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(180, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
    }

    private static double count(HttpResponse<String> metric) {
        return JSON.readTree(metric.body()).get("measurements").get(0).get("value").asDouble();
    }

    private JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void the_starter_configures_one_store_and_the_spring_ai_beans_over_it() {
        assertThat(store.describe()).startsWith(expectedBackend());
        assertThat(vectorStore).isInstanceOf(AgentMemoryVectorStore.class);
        assertThat(((AgentMemoryVectorStore) vectorStore).tenant()).isEqualTo("app");
        assertThat(chatMemoryRepository).isInstanceOf(AgentMemoryChatMemoryRepository.class);
    }

    @Test
    void many_threads_hit_the_mvc_endpoints_at_once_and_every_acknowledged_note_is_found() throws Exception {
        int threads = 16;
        int notesEach = 5;
        String run = "r" + RUN.incrementAndGet();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        concurrently(threads, thread -> {
            String topic = run + "-topic" + thread;
            for (int i = 0; i < notesEach; i++) {
                String id = topic + "-note" + i;
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                HttpResponse<String> added = send(post("/notes", "{\"id\":\"" + id + "\",\"text\":\"remember"
                        + " item " + i + " of " + topic + "\",\"topic\":\"" + topic + "\"}"));
                JsonNode hits = json(send(get("/search?q=remember+item&topic=" + topic)));
                inFlight.decrementAndGet();
                assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
                List<String> ids = new ArrayList<>();
                hits.forEach(h -> ids.add(h.get("id").asString()));
                // Read your writes across request threads: every note of this topic so far.
                assertThat(ids).hasSize(i + 1).contains(id);
                ok.incrementAndGet();
            }
        });
        assertThat(mostInFlight.get()).as("requests in flight at once").isGreaterThan(1);
        assertThat(ok.get()).isEqualTo(threads * notesEach);
        Namespace notes = vectorStore.<Namespace>getNativeClient().orElseThrow();
        assertThat(notes.count(dev.agentmemory.Filter.contains("topic", run + "-"))).isEqualTo(threads * notesEach);
    }

    @Test
    void concurrent_conversations_through_the_chat_endpoint_keep_every_turn_in_order() throws Exception {
        int threads = 8;
        int turns = 4;
        String run = "c" + RUN.incrementAndGet();
        concurrently(threads, thread -> {
            String conversation = run + "-" + thread;
            for (int i = 0; i < turns; i++) {
                JsonNode history = json(send(post("/chat/" + conversation, "turn " + i)));
                assertThat(history.size()).isEqualTo(2 * (i + 1));
            }
        });
        for (int t = 0; t < threads; t++) {
            List<String> texts = chatMemoryRepository.findByConversationId(run + "-" + t).stream()
                    .map(org.springframework.ai.chat.messages.Message::getText).toList();
            assertThat(texts).hasSize(2 * turns).startsWith("turn 0", "noted: turn 0").endsWith("turn 3", "noted: turn 3");
        }
        assertThat(chatMemoryRepository.findConversationIds()).filteredOn(id -> id.startsWith(run)).hasSize(threads);
    }

    @Test
    void the_health_endpoint_reports_the_store_up_with_its_backend_and_pools() throws Exception {
        JsonNode health = json(send(get("/actuator/health")));

        JsonNode mine = health.get("components").get("agentmemory");
        assertThat(mine.get("status").asString()).isEqualTo("UP");
        assertThat(mine.get("details").get("store").asString()).startsWith(expectedBackend());
        assertThat(mine.get("details").get("pools").size()).isPositive();
    }

    @Test
    void the_store_meters_are_in_the_metrics_endpoint() throws Exception {
        String run = "m" + RUN.incrementAndGet();
        for (int i = 0; i < 3; i++) {
            json(send(post("/notes", "{\"id\":\"" + run + i + "\",\"text\":\"metered " + i + "\",\"topic\":\"" + run
                    + "\"}")));
        }
        long puts = store.stats().operations().get("putAll").calls();
        // Figures may be up to a second old (AgentMemoryMetrics.DEFAULT_MAX_AGE), and an operation first
        // recorded after binding gets its meters at the first read of any store meter that sees it.
        String path = "/actuator/metrics/agentmemory.operations?tag=operation:putAll&tag=outcome:success";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        HttpResponse<String> putAll = send(get(path));
        while ((putAll.statusCode() != 200 || count(putAll) < puts) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            json(send(get("/actuator/metrics/agentmemory.index.vectors")));
            putAll = send(get(path));
        }
        JsonNode measurement = json(putAll).get("measurements").get(0);
        assertThat(measurement.get("statistic").asString()).isEqualTo("COUNT");
        assertThat(measurement.get("value").asDouble()).isGreaterThanOrEqualTo(puts).isGreaterThanOrEqualTo(3);
        JsonNode pools = json(send(get("/actuator/metrics/agentmemory.pool.open")));
        assertThat(pools.get("measurements").get(0).get("value").asDouble()).isPositive();
    }
}
