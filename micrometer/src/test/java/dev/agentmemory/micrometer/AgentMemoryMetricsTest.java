package dev.agentmemory.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.StoreStats;
import dev.agentmemory.VersionConflictException;
import dev.agentmemory.tck.support.WordHashEmbedder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMemoryMetricsTest {
    @TempDir
    Path dir;

    private MemoryStore store;
    private Namespace notes;

    @BeforeEach
    void open() {
        store = MemoryStores.open(StoreConfig.builder("sqlite:" + dir.resolve("m.db"))
                .embedder(new WordHashEmbedder(32)).build());
        notes = store.namespace("alice", "notes");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void operation_timers_count_the_calls_made_and_split_them_by_outcome() {
        MemoryId id = notes.put(MemoryDraft.of("the team meets on tuesdays"));
        notes.put(MemoryDraft.of("lunch is at noon"));
        notes.search(Search.text("team meeting").topK(3));
        assertThatThrownBy(() -> notes.update(id, 99, MemoryDraft.of("stale write")))
                .isInstanceOf(VersionConflictException.class);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new AgentMemoryMetrics(store, Tags.of("app", "test"), Duration.ZERO).bindTo(registry);

        StoreStats.OperationStats puts = store.stats().operations().get("put");
        FunctionTimer putTimer = registry.get("agentmemory.operations")
                .tags("backend", "sqlite", "operation", "put", "outcome", "success", "app", "test").functionTimer();
        assertThat(putTimer.count()).isEqualTo(2).isEqualTo(puts.calls() - puts.failures());
        assertThat(putTimer.totalTime(TimeUnit.MICROSECONDS))
                .isCloseTo(2.0 * puts.meanMicros(), org.assertj.core.data.Offset.offset(1e-6));
        FunctionTimer updateFailures = registry.get("agentmemory.operations")
                .tags("operation", "update", "outcome", "failure").functionTimer();
        assertThat(updateFailures.count()).isEqualTo(1);
        assertThat(registry.get("agentmemory.operations.failures").tags("operation", "update").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("agentmemory.operations").tags("operation", "update", "outcome", "success")
                .functionTimer().count()).isZero();
        assertThat(registry.get("agentmemory.operations.max").tags("operation", "put").timeGauge()
                .value(TimeUnit.MICROSECONDS)).isPositive()
                .isCloseTo(store.stats().operations().get("put").maxMicros(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(registry.get("agentmemory.operations.retries").tags("operation", "put").functionCounter().count())
                .isEqualTo(puts.retries());
    }

    @Test
    void gauges_follow_the_pools_and_the_index() {
        for (int i = 0; i < 5; i++) {
            notes.put(MemoryDraft.of("note number " + i));
        }
        notes.search(Search.text("note").topK(2));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new AgentMemoryMetrics(store, Tags.empty(), Duration.ZERO).bindTo(registry);

        assertThat(registry.get("agentmemory.index.namespaces").gauge().value()).isEqualTo(1);
        assertThat(registry.get("agentmemory.index.vectors").gauge().value()).isEqualTo(5);
        // The pools move on their own (HikariCP opens connections up to its minimum in the
        // background, SQLite's WAL checkpointer borrows a reader every second), so each reading
        // of the gauges is compared with the pools' figures read just before and after it, and
        // retried a bounded while until the pools held still across one.
        List<String> last = List.of("no reading");
        for (int attempt = 0; attempt < 100 && !last.isEmpty(); attempt++) {
            if (attempt > 0) {
                sleep(50);
            }
            List<StoreStats.PoolStats> before = store.stats().pools();
            List<StoreStats.PoolStats> gauged = new ArrayList<>();
            for (StoreStats.PoolStats pool : before) {
                gauged.add(new StoreStats.PoolStats(pool.name(), gauge(registry, "open", pool), gauge(registry, "active",
                        pool), gauge(registry, "idle", pool), gauge(registry, "waiting", pool)));
            }
            List<StoreStats.PoolStats> after = store.stats().pools();
            assertThat(before).isNotEmpty();
            last = before.equals(after) && !gauged.equals(before) ? List.of("gauges " + gauged + ", pools " + before)
                    : before.equals(after) ? List.of() : List.of("moving");
        }
        assertThat(last).as("the pool gauges agree with the pools at rest").isEmpty();
        notes.put(MemoryDraft.of("one more note"));
        notes.search(Search.text("note").topK(2)); // the index takes in writes when it next serves a search
        assertThat(registry.get("agentmemory.index.vectors").gauge().value()).isEqualTo(6);
    }

    private static int gauge(SimpleMeterRegistry registry, String name, StoreStats.PoolStats pool) {
        return (int) registry.get("agentmemory.pool." + name).tags("pool", pool.name()).gauge().value();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Test
    void operations_first_used_after_binding_get_meters_at_the_next_read() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new AgentMemoryMetrics(store, Tags.empty(), Duration.ZERO).bindTo(registry);
        assertThat(registry.find("agentmemory.operations").tags("operation", "delete").functionTimer()).isNull();

        MemoryId id = notes.put(MemoryDraft.of("to be forgotten"));
        notes.delete(id);
        registry.get("agentmemory.index.vectors").gauge().value(); // what a scrape does first

        assertThat(registry.get("agentmemory.operations").tags("operation", "delete", "outcome", "success")
                .functionTimer().count()).isEqualTo(1);
    }

    @Test
    void counts_stay_exact_while_many_threads_write_and_a_scraper_reads() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new AgentMemoryMetrics(store, Tags.empty(), Duration.ZERO).bindTo(registry);
        int threads = 8;
        int putsEach = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger scrapes = new AtomicInteger();
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < putsEach; i++) {
                        notes.put(MemoryDraft.of("thread " + thread + " note " + i));
                    }
                    return null;
                }));
            }
            Future<?> scraper = pool.submit(() -> {
                start.await();
                while (writing.get()) {
                    assertThat(registry.scrape()).contains("agentmemory_pool_open");
                    scrapes.incrementAndGet();
                }
                return null;
            });
            start.countDown();
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            scraper.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdown();
        }
        assertThat(scrapes.get()).as("scrapes that overlapped the writes").isPositive();
        String text = registry.scrape();
        assertThat(text).contains("agentmemory_operations_seconds_count{backend=\"sqlite\",operation=\"put\","
                + "outcome=\"success\"} " + (threads * putsEach));
        assertThat(registry.get("agentmemory.puts.grouped").functionCounter().count())
                .isEqualTo(store.stats().groupedPuts());
    }

    @Test
    void conflicts_dedup_hits_and_index_bytes_have_meters() {
        MemoryId id = notes.put(MemoryDraft.of("one note"));
        notes.put(MemoryDraft.of("one note"));
        notes.putAll(List.of(MemoryDraft.of("one note"), MemoryDraft.of("another note")));
        long version = notes.get(id).orElseThrow().version();
        notes.update(id, version, MemoryDraft.of("one note, edited"));
        assertThatThrownBy(() -> notes.update(id, version, MemoryDraft.of("stale edit")))
                .isInstanceOf(VersionConflictException.class);
        notes.search(Search.text("note").topK(2));

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new AgentMemoryMetrics(store, Tags.empty(), Duration.ZERO).bindTo(registry);
        assertThat(registry.get("agentmemory.operations.conflicts").tags("operation", "update").functionCounter()
                .count()).isEqualTo(1);
        assertThat(registry.get("agentmemory.puts.deduplicated").functionCounter().count())
                .as("a put and a putAll draft that held content already").isEqualTo(2);
        double bytes = registry.get("agentmemory.index.bytes").gauge().value();
        assertThat(bytes).as("index bytes: two vectors of 32 floats at least").isGreaterThanOrEqualTo(2 * 32 * 4);
        assertThat(bytes).isEqualTo(store.stats().indexedBytes());
    }

    @Test
    void the_index_cache_has_meters_for_residency_lookups_loads_and_evictions() throws Exception {
        // A budget of about two small namespaces (2 kB each): searching three in turn evicts.
        try (MemoryStore small = MemoryStores.open(StoreConfig.builder("sqlite:" + dir.resolve("small.db"))
                .indexBudget(4_500).build())) {
            List<String> names = List.of("a", "b", "c");
            for (String n : names) {
                for (int i = 0; i < 8; i++) {
                    small.namespace("alice", n).put(MemoryDraft.of(n + i).embedding(vector(i)));
                }
            }
            for (int round = 0; round < 3; round++) {
                for (String n : names) {
                    assertThat(small.namespace("alice", n).search(Search.vector(vector(1)).topK(3))).hasSize(3);
                }
            }
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new AgentMemoryMetrics(small, Tags.empty(), Duration.ZERO).bindTo(registry);
            StoreStats.IndexStats s = small.stats().index();
            assertThat(s.evictions()).as("three namespaces in a budget of one evict").isPositive();
            assertThat(s.loads()).as("evicted namespaces were loaded again").isGreaterThan(3);
            assertThat(registry.get("agentmemory.index.evictions").functionCounter().count())
                    .isEqualTo(s.evictions());
            assertThat(registry.get("agentmemory.index.loads").functionCounter().count()).isEqualTo(s.loads());
            assertThat(registry.get("agentmemory.index.lookups").tags("result", "miss").functionCounter().count())
                    .isEqualTo(s.misses()).isGreaterThan(3);
            assertThat(registry.get("agentmemory.index.lookups").tags("result", "hit").functionCounter().count())
                    .isEqualTo(s.hits());
            assertThat(registry.get("agentmemory.index.budget").gauge().value()).isEqualTo(4_500);
            assertThat(registry.get("agentmemory.index.resident.bytes").gauge().value())
                    .isEqualTo(s.residentBytes()).isPositive().isLessThanOrEqualTo(4_500);
            assertThat(registry.get("agentmemory.index.load.time").functionCounter().count())
                    .isEqualTo(s.loadMillis() / 1000.0);
            assertThat(registry.get("agentmemory.index.streamed.searches").functionCounter().count()).isZero();
        }
    }

    private static float[] vector(int i) {
        float[] v = new float[32];
        for (int d = 0; d < v.length; d++) {
            v[d] = (float) Math.sin(i * 7 + d);
        }
        return v;
    }

    @Test
    void a_closed_store_keeps_its_last_figures_and_a_scrape_still_works() {
        notes.put(MemoryDraft.of("before closing"));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new AgentMemoryMetrics(store, Tags.empty(), Duration.ZERO).bindTo(registry);
        double before = registry.get("agentmemory.operations").tags("operation", "put", "outcome", "success")
                .functionTimer().count();
        store.close();

        assertThat(registry.scrape()).contains("agentmemory_index_vectors");
        assertThat(registry.get("agentmemory.operations").tags("operation", "put", "outcome", "success")
                .functionTimer().count()).isEqualTo(before).isEqualTo(1);
    }

    @Test
    void a_snapshot_is_reused_within_its_maximum_age() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new AgentMemoryMetrics(store, Tags.empty(), Duration.ofHours(1)).bindTo(registry);
        notes.put(MemoryDraft.of("written after the snapshot"));

        assertThat(registry.get("agentmemory.index.vectors").gauge().value()).isZero();
        FunctionCounter grouped = registry.get("agentmemory.puts.grouped").functionCounter();
        assertThat(grouped.count()).isZero();
    }

    @Test
    void a_binder_that_nothing_else_holds_keeps_working_after_garbage_collection() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new AgentMemoryMetrics(store, Tags.empty(), Duration.ZERO).bindTo(registry);
        notes.put(MemoryDraft.of("kept alive by the registry"));
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        notes.search(Search.text("kept alive").topK(1));

        assertThat(registry.get("agentmemory.index.vectors").gauge().value()).isEqualTo(1);
        assertThat(registry.get("agentmemory.operations").tags("operation", "put", "outcome", "success")
                .functionTimer().count()).isEqualTo(1);
    }

    @Test
    void backend_tag_is_the_scheme_of_the_store_description() {
        assertThat(AgentMemoryMetrics.backendName("sqlite:./data/m.db")).isEqualTo("sqlite");
        assertThat(AgentMemoryMetrics.backendName("postgresql://db:5432/app")).isEqualTo("postgresql");
        assertThat(AgentMemoryMetrics.backendName("")).isEqualTo("unknown");
    }
}
