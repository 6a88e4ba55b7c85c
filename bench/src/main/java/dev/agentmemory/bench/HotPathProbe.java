package dev.agentmemory.bench;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.jdbc.JdbcSettings;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Confined to the calling thread: the profiling aid for the store's hot paths. Counts the SQL
 * statements one {@code get} and one {@code put} send (through the
 * {@link JdbcSettings#DATA_SOURCE_DECORATOR}), then runs the concurrency mix for ours and the
 * locked-connection baseline side by side. {@code java -cp benchmarks.jar
 * dev.agentmemory.bench.HotPathProbe [millis] [threads...]}.
 */
public final class HotPathProbe {
    private HotPathProbe() {}

    /** Statements seen since the last {@link #drain()}, by SQL text (each execution counted). */
    static final Map<String, LongAdder> SEEN = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path dir = Files.createTempDirectory("probe");
        if (args.length > 0 && args[0].equals("ingest")) {
            ingestAndFreshness(dir, Integer.parseInt(args[1]));
            return;
        }
        if (args.length > 0 && args[0].equals("loop")) {
            loop(dir, args[1], Long.parseLong(args[2]));
            return;
        }
        long millis = args.length > 0 ? Long.parseLong(args[0]) : 2000;
        Path file = dir.resolve("probe.db");
        StoreConfig counting = StoreConfig.builder("sqlite:" + file).historyVersions(0)
                .attribute(JdbcSettings.DATA_SOURCE_DECORATOR, HotPathProbe::counting).build();
        Random r = new Random(1);
        try (MemoryStore s = MemoryStores.open(counting)) {
            Namespace ns = s.namespace("bench", "probe");
            MemoryId first = ns.put(MemoryDraft.of("warm").embedding(StoreBench.vector(r)));
            ns.get(first);
            drain();
            MemoryId id = ns.put(MemoryDraft.of("counted put").embedding(StoreBench.vector(r)));
            print("put (no metadata)", drain());
            ns.put(MemoryDraft.of("counted put 2").embedding(StoreBench.vector(r)).metadata("k", "v"));
            print("put (1 metadata entry)", drain());
            ns.get(id);
            print("get", drain());
            ns.getAll(List.of(id, first));
            print("getAll of 2", drain());
        }
        try (MemoryStore s = MemoryStores.open(StoreConfig.builder("sqlite:" + dir.resolve("timing.db"))
                .historyVersions(0).build())) {
            Namespace ns = s.namespace("bench", "timing");
            MemoryId[] ids = new MemoryId[3000];
            long[] puts = new long[ids.length];
            long[] gets = new long[ids.length];
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < ids.length; i++) {
                    float[] v = StoreBench.vector(r);
                    long t0 = System.nanoTime();
                    ids[i] = ns.put(MemoryDraft.of("timed " + round + " " + i).embedding(v));
                    puts[i] = System.nanoTime() - t0;
                }
                for (int i = 0; i < ids.length; i++) {
                    long t0 = System.nanoTime();
                    ns.get(ids[r.nextInt(ids.length)]);
                    gets[i] = System.nanoTime() - t0;
                }
            }
            System.out.printf("1 thread alone: put p50 %.1f µs p90 %.1f p99 %.1f; get p50 %.1f µs p90 %.1f p99 %.1f%n",
                    Stats.percentile(puts, puts.length, 50) / 1e3, Stats.percentile(puts, puts.length, 90) / 1e3,
                    Stats.percentile(puts, puts.length, 99) / 1e3, Stats.percentile(gets, gets.length, 50) / 1e3,
                    Stats.percentile(gets, gets.length, 90) / 1e3, Stats.percentile(gets, gets.length, 99) / 1e3);
        }
        int[] threads = args.length > 1 ? new int[args.length - 1] : new int[] {1, 8};
        for (int i = 1; i < args.length; i++) {
            threads[i - 1] = Integer.parseInt(args[i]);
        }
        StoreBench.Cell cell = StoreBench.prepare(dir, 2000);
        for (int t : threads) {
            Workload.Outcome ours = cell.runOurs(t, millis);
            Workload.Outcome locked = cell.runBaseline(1, t, millis);
            System.out.printf("threads %d: ours %.0f ops/s (p50 %.1f µs, p99 %.0f µs, %d errors); locked %.0f ops/s;"
                    + " ratio %.2f%n", t, ours.opsPerSecond(), ours.p50Micros(), ours.p99Micros(), ours.errors(),
                    locked.opsPerSecond(), ours.opsPerSecond() / locked.opsPerSecond());
        }
    }

    /** putAll of 1000 into a SQLite file on disk, then median search with and without the counter read. */
    private static void ingestAndFreshness(Path dir, int n) {
        Random r = new Random(3);
        Path file = dir.resolve("ingest.db");
        long t0 = System.nanoTime();
        try (MemoryStore s = MemoryStores.open(StoreConfig.builder("sqlite:" + file).historyVersions(0).build())) {
            Namespace ns = s.namespace("bench", "ingest");
            for (int from = 0; from < n; from += 1000) {
                List<MemoryDraft> drafts = new java.util.ArrayList<>(1000);
                for (int i = from; i < from + 1000; i++) {
                    drafts.add(MemoryDraft.of("memory number " + i).embedding(StoreBench.vector(r)).metadata("i", i)
                            .metadata("kind", i % 2 == 0 ? "even" : "odd"));
                }
                ns.putAll(drafts);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("ingest: %d memories in %.2f s = %.0f memories/s%n", n, seconds, n / seconds);
        try (MemoryStore strict = MemoryStores.open(StoreConfig.builder("sqlite:" + file).historyVersions(0).build());
                MemoryStore stale = MemoryStores.open(StoreConfig.builder("sqlite:" + file).historyVersions(0)
                        .searchStaleness(java.time.Duration.ofMillis(500)).build())) {
            Namespace[] ns = {strict.namespace("bench", "ingest"), stale.namespace("bench", "ingest")};
            long[][] t = new long[2][600];
            for (int i = 0; i < 700; i++) {
                for (int m = 0; m < 2; m++) {
                    float[] q = StoreBench.vector(r);
                    long s0 = System.nanoTime();
                    ns[(i + m) % 2].search(dev.agentmemory.Search.vector(q).topK(10));
                    if (i >= 100) {
                        t[(i + m) % 2][i - 100] = System.nanoTime() - s0;
                    }
                }
            }
            double a = Stats.percentile(t[0], 600, 50) / 1e3;
            double b = Stats.percentile(t[1], 600, 50) / 1e3;
            System.out.printf("freshness over %d: strict %.0f µs, staleness(500ms) %.0f µs, overhead %.1f%%%n", n, a, b,
                    100 * (a - b) / b);
        }
    }

    /** One thread doing only {@code op} (get or put) for {@code millis}: the loop to profile. */
    private static void loop(Path dir, String op, long millis) {
        Random r = new Random(2);
        try (MemoryStore s = MemoryStores.open(StoreConfig.builder("sqlite:" + dir.resolve("loop.db"))
                .historyVersions(0).build())) {
            Namespace ns = s.namespace("bench", "loop");
            MemoryId[] ids = new MemoryId[2000];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = ns.put(MemoryDraft.of("loop " + i).embedding(StoreBench.vector(r)));
            }
            float[] v = StoreBench.vector(r);
            long end = System.nanoTime() + millis * 1_000_000;
            long n = 0;
            long t0 = System.nanoTime();
            while (System.nanoTime() < end) {
                if (op.equals("get")) {
                    ns.get(ids[(int) (n % ids.length)]);
                } else {
                    ns.put(MemoryDraft.of("loop put " + n).embedding(v));
                }
                n++;
            }
            System.out.printf("%s: %.0f ops/s, mean %.1f µs%n", op, n / ((System.nanoTime() - t0) / 1e9),
                    (System.nanoTime() - t0) / 1e3 / n);
        }
    }

    private static void print(String what, Map<String, Long> statements) {
        long total = statements.values().stream().mapToLong(Long::longValue).sum();
        System.out.println(what + ": " + total + " statements");
        statements.forEach((sql, n) -> System.out.println("   " + n + " x " + sql));
    }

    private static Map<String, Long> drain() {
        Map<String, Long> out = new TreeMap<>();
        SEEN.forEach((k, v) -> out.put(k, v.sum()));
        SEEN.clear();
        return out;
    }

    private static void count(String sql) {
        SEEN.computeIfAbsent(sql.length() > 110 ? sql.substring(0, 110) + "..." : sql, k -> new LongAdder())
                .increment();
    }

    private static DataSource counting(DataSource ds) {
        return proxy(DataSource.class, ds);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target) {
        InvocationHandler h = (p, m, a) -> {
            String name = m.getName();
            Object result;
            try {
                result = m.invoke(target, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (name.equals("getConnection")) {
                return proxy(Connection.class, result);
            }
            if (result instanceof java.sql.PreparedStatement && a != null && a[0] instanceof String sql) {
                return proxy(java.sql.PreparedStatement.class, new Counted(sql, (java.sql.PreparedStatement) result));
            }
            if (name.equals("createStatement")) {
                return proxy(Statement.class, result);
            }
            if (target instanceof Statement && !(target instanceof Counted) && a != null && a.length > 0
                    && a[0] instanceof String sql && name.startsWith("execute")) {
                count(sql);
            }
            return result;
        };
        if (target instanceof Counted c) {
            return (T) Proxy.newProxyInstance(HotPathProbe.class.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
                if (m.getName().startsWith("execute")) {
                    count(c.sql);
                }
                try {
                    return m.invoke(c.delegate, a);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        }
        return (T) Proxy.newProxyInstance(HotPathProbe.class.getClassLoader(), new Class<?>[] {type}, h);
    }

    private record Counted(String sql, java.sql.PreparedStatement delegate) {}
}
