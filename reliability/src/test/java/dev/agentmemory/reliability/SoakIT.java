package dev.agentmemory.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Conversation;
import dev.agentmemory.Filter;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Message;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.StoreStats;
import dev.agentmemory.jdbc.JdbcSettings;
import dev.agentmemory.reliability.support.Workers;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak: a bounded run of mixed load (put, get, update, delete, search, multi-namespace search,
 * list, count, conversation append and read) from 32 threads on one SQLite file. Afterwards every
 * pooled connection is idle, HikariCP's leak detector (switched on for this test at 3 s through
 * {@code hikaricp.configurationFile}) logged nothing, and the heap after a GC is within 64 MB of
 * where it was after warm-up. The run lasts {@code -Dreliability.soakSeconds} (60 in
 * {@code mvn verify}). A canary at the end holds a pooled connection past the threshold and
 * asserts the leak detector reports it, so a silent detector cannot pass.
 */
@Timeout(900)
class SoakIT {
    private static final int THREADS = 32;
    private static final int DIM = 32;
    private static final int OWNED = 40;
    private static final long HEAP_BOUND = 64L << 20;
    private static final List<String> NAMESPACES = List.of("n0", "n1", "n2", "n3");
    private static final long SEED = Long.getLong("reliability.seed", System.nanoTime());

    @TempDir
    Path dir;

    private Path hikariLog;
    private long hikariLogStart;

    @BeforeEach
    void leakDetection() throws Exception {
        Path props = dir.resolve("hikari-leak.properties");
        Files.writeString(props, "leakDetectionThreshold=3000\n");
        System.setProperty("hikaricp.configurationFile", props.toString());
        String file = System.getProperty("org.slf4j.simpleLogger.logFile");
        assertThat(file).as("the failsafe configuration sends SLF4J output to a file this test reads").isNotNull();
        hikariLog = Path.of(file);
        hikariLogStart = Files.exists(hikariLog) ? Files.size(hikariLog) : 0;
    }

    @AfterEach
    void noLeakDetection() {
        System.clearProperty("hikaricp.configurationFile");
    }

    @Test
    void mixed_load_from_32_threads_leaves_idle_pools_no_leaks_and_a_flat_heap() throws Exception {
        long seconds = Long.getLong("reliability.soakSeconds", 60);
        Map<String, LongAdder> ops = new ConcurrentHashMap<>();
        try (MemoryStore store = MemoryStores.open(StoreConfig.builder("sqlite:" + dir.resolve("soak.db"))
                .purgeInterval(Duration.ofSeconds(5)).build())) {
            long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(5, seconds / 6));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            AtomicReference<Long> baseline = new AtomicReference<>();
            Thread sampler = new Thread(() -> {
                try {
                    while (System.nanoTime() < warmUpEnd) {
                        Thread.sleep(100);
                    }
                    baseline.set(usedHeapAfterGc());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "heap-sampler");
            sampler.start();
            Workers.run("soak", THREADS, Duration.ofSeconds(seconds + 120),
                    w -> new Worker(store, w, new Random(SEED + w), ops).run(end));
            sampler.join();
            // The SQLite backend's WAL checkpointer borrows a reader connection for a moment every
            // second; a leaked connection stays borrowed, so wait a bounded while for the pools to
            // come to rest before asserting.
            StoreStats stats = store.stats();
            long restBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (stats.pools().stream().anyMatch(p -> p.active() > 0 || p.waiting() > 0)
                    && System.nanoTime() < restBy) {
                Thread.sleep(50);
                stats = store.stats();
            }
            for (StoreStats.PoolStats pool : stats.pools()) {
                assertThat(pool.active()).as("active connections in %s after the soak", pool.name()).isZero();
                assertThat(pool.waiting()).as("threads waiting on %s after the soak", pool.name()).isZero();
            }
            long after = usedHeapAfterGc();
            long total = ops.values().stream().mapToLong(LongAdder::sum).sum();
            List<String> leaks = leakLines();
            System.out.printf("[soak] %d s, %d threads, %d operations %s, 0 errors; pools after: %s; heap after GC"
                    + " %d MB after warm-up, %d MB at the end (bound +%d MB); leak warnings %d (seed %d)%n", seconds,
                    THREADS, total, new java.util.TreeMap<>(ops), stats.pools(), baseline.get() >> 20, after >> 20,
                    HEAP_BOUND >> 20, leaks.size(), SEED);
            assertThat(leaks).as("HikariCP leak warnings during the soak").isEmpty();
            assertThat(after).as("heap after GC at the end vs after warm-up (%d MB)", baseline.get() >> 20)
                    .isLessThanOrEqualTo(baseline.get() + HEAP_BOUND);
        }
        leakDetectorCanary();
    }

    /** Holds a pooled connection past the threshold: the detector must say so, or it proved nothing above. */
    private void leakDetectorCanary() throws Exception {
        AtomicReference<DataSource> pool = new AtomicReference<>();
        try (MemoryStore store = MemoryStores.open(StoreConfig.builder("sqlite:" + dir.resolve("canary.db"))
                .attribute(JdbcSettings.DATA_SOURCE_DECORATOR, ds -> {
                    pool.compareAndSet(null, ds);
                    return ds;
                }).build())) {
            assertThat(store.describe()).startsWith("sqlite:");
            try (Connection held = pool.get().getConnection()) {
                Thread.sleep(4_000);
                assertThat(held.isValid(1)).isTrue();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (leakLines().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(leakLines()).as("the leak detector reports a connection held 4 s (threshold 3 s)").isNotEmpty();
            System.out.println("[soak] canary: a connection held 4 s was reported by the leak detector: "
                    + leakLines().get(0));
        }
    }

    private List<String> leakLines() throws Exception {
        if (!Files.exists(hikariLog)) {
            return List.of();
        }
        byte[] all = Files.readAllBytes(hikariLog);
        String text = new String(all, (int) Math.min(hikariLogStart, all.length),
                (int) (all.length - Math.min(hikariLogStart, all.length)), StandardCharsets.UTF_8);
        return text.lines().filter(l -> l.toLowerCase().contains("leak")).toList();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            min = Math.min(min, memory.getHeapMemoryUsage().getUsed());
        }
        return min;
    }

    /** Confined to its thread: one soak worker with the memories it owns. */
    private static final class Worker {
        private final MemoryStore store;
        private final int me;
        private final Random random;
        private final Map<String, LongAdder> ops;
        private final List<Owned> owned = new ArrayList<>();
        private final Conversation conversation;
        private long counter;
        private long lastSeq;

        private record Owned(Namespace ns, MemoryId id, String content, long version) {}

        Worker(MemoryStore store, int me, Random random, Map<String, LongAdder> ops) {
            this.store = store;
            this.me = me;
            this.random = random;
            this.ops = ops;
            this.conversation = store.conversation("soak", "session-" + me);
        }

        void run(long end) {
            while (System.nanoTime() < end) {
                int r = random.nextInt(100);
                if (r < 18) {
                    put();
                } else if (r < 36) {
                    get();
                } else if (r < 46) {
                    update();
                } else if (r < 54) {
                    delete();
                } else if (r < 72) {
                    search();
                } else if (r < 75) {
                    searchAcross();
                } else if (r < 82) {
                    list();
                } else if (r < 87) {
                    count();
                } else {
                    converse();
                }
            }
        }

        private Namespace ns() {
            return store.namespace("soak", NAMESPACES.get(random.nextInt(NAMESPACES.size())));
        }

        private float[] vector() {
            float[] v = new float[DIM];
            for (int i = 0; i < DIM; i++) {
                v[i] = (float) random.nextGaussian();
            }
            return v;
        }

        private void put() {
            if (owned.size() >= OWNED) {
                delete();
                return;
            }
            Namespace ns = ns();
            String content = "worker " + me + " memory " + counter++;
            MemoryDraft draft = MemoryDraft.of(content).embedding(vector()).metadata("w", (long) me)
                    .metadata("k", counter % 10);
            if (random.nextInt(10) == 0) {
                draft = draft.ttl(Duration.ofSeconds(1)); // purged in the background meanwhile
                ns.put(draft);
            } else {
                owned.add(new Owned(ns, ns.put(draft), content, 1));
            }
            tick("put");
        }

        private void get() {
            if (owned.isEmpty()) {
                put();
                return;
            }
            Owned o = owned.get(random.nextInt(owned.size()));
            Memory m = o.ns.get(o.id).orElseThrow(() -> new AssertionError("own memory not found: " + o));
            assertThat(m.content()).isEqualTo(o.content);
            assertThat(m.version()).isEqualTo(o.version);
            tick("get");
        }

        private void update() {
            if (owned.isEmpty()) {
                put();
                return;
            }
            int i = random.nextInt(owned.size());
            Owned o = owned.get(i);
            String content = o.content.replaceAll(" v\\d+$", "") + " v" + (o.version + 1);
            Memory m = o.ns.update(o.id, o.version, MemoryDraft.of(content).embedding(vector())
                    .metadata("w", (long) me));
            assertThat(m.version()).isEqualTo(o.version + 1);
            owned.set(i, new Owned(o.ns, o.id, content, m.version()));
            tick("update");
        }

        private void delete() {
            if (owned.isEmpty()) {
                put();
                return;
            }
            Owned o = owned.remove(random.nextInt(owned.size()));
            assertThat(o.ns.delete(o.id)).as("deleting own memory").isTrue();
            tick("delete");
        }

        private void search() {
            Search s = Search.vector(vector()).topK(1 + random.nextInt(20));
            if (random.nextBoolean()) {
                s = s.where(Filter.or(Filter.eq("w", (long) me), Filter.gt("k", 5L)));
            }
            List<Match> hits = ns().search(s);
            assertThat(hits.size()).isLessThanOrEqualTo(s.topK());
            tick("search");
        }

        private void searchAcross() {
            assertThat(store.search("soak", NAMESPACES, Search.vector(vector()).topK(10))).hasSizeLessThanOrEqualTo(10);
            tick("searchAcross");
        }

        private void list() {
            ListQuery q = ListQuery.first(1 + random.nextInt(50));
            if (random.nextBoolean()) {
                q = q.where(Filter.eq("w", (long) me));
            }
            ns().list(q);
            tick("list");
        }

        private void count() {
            ns().count(Filter.eq("w", (long) me));
            tick("count");
        }

        private void converse() {
            if (conversation.size() > 100) {
                conversation.clear();
                lastSeq = 0;
            }
            Message m = conversation.append(random.nextBoolean() ? "user" : "assistant", "message " + counter++);
            assertThat(m.seq()).as("conversation numbers grow").isGreaterThan(lastSeq);
            lastSeq = m.seq();
            List<Message> last = conversation.last(5);
            assertThat(last.get(last.size() - 1).seq()).isEqualTo(lastSeq);
            tick("conversation");
        }

        private void tick(String op) {
            ops.computeIfAbsent(op, k -> new LongAdder()).increment();
        }
    }
}
