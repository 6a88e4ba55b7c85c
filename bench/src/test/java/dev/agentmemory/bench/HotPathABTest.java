package dev.agentmemory.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotPathABTest {

    @Test
    void the_defaults_are_five_rounds_of_three_seconds_at_one_and_eight_threads_for_every_operation() {
        HotPathAB.Options o = HotPathAB.Options.parse("--before", "old", "--after", "new");
        assertThat(o.before()).isEqualTo("old");
        assertThat(o.after()).isEqualTo("new");
        assertThat(List.of(o.labelA(), o.labelB())).containsExactly("before", "after");
        assertThat(o.rounds()).isEqualTo(5);
        assertThat(o.seconds()).isEqualTo(3.0);
        assertThat(o.warmup()).isEqualTo(2.0);
        assertThat(o.threads()).containsExactly(1, 8);
        assertThat(o.ops()).containsExactly("get", "search", "put");
        assertThat(o.preload()).isEqualTo(2000);
        assertThat(o.out()).isNull();
    }

    @Test
    void every_flag_is_read() {
        HotPathAB.Options o = HotPathAB.Options.parse("--labels", "0ccb81b,main", "--rounds", "7", "--seconds",
                "0.5", "--warmup", "0", "--threads", "2, 4", "--ops", "put,get", "--preload", "500", "--out",
                "bench/results/x.txt", "--after", "b", "--before", "a");
        assertThat(List.of(o.before(), o.after(), o.labelA(), o.labelB())).containsExactly("a", "b", "0ccb81b",
                "main");
        assertThat(o.rounds()).isEqualTo(7);
        assertThat(o.seconds()).isEqualTo(0.5);
        assertThat(o.warmup()).isEqualTo(0.0);
        assertThat(o.threads()).containsExactly(2, 4);
        assertThat(o.ops()).containsExactly("put", "get");
        assertThat(o.preload()).isEqualTo(500);
        assertThat(o.out()).isEqualTo(Path.of("bench/results/x.txt"));
    }

    @Test
    void a_bad_command_line_names_the_flag() {
        assertThatThrownBy(() -> HotPathAB.Options.parse("--before", "a")).hasMessageContaining(
                "--before and --after are both required");
        assertThatThrownBy(() -> HotPathAB.Options.parse("--before", "a", "--after", "b", "--rounds"))
                .hasMessageContaining("--rounds needs a value");
        assertThatThrownBy(() -> HotPathAB.Options.parse("--before", "a", "--after", "b", "--quick", "1"))
                .hasMessageContaining("unknown flag --quick");
        assertThatThrownBy(() -> HotPathAB.Options.parse("--before", "a", "--after", "b", "--rounds", "0"))
                .hasMessageContaining("--rounds must be at least 1; got 0");
        assertThatThrownBy(() -> HotPathAB.Options.parse("--before", "a", "--after", "b", "--seconds", "0"))
                .hasMessageContaining("--seconds must be above 0");
        assertThatThrownBy(() -> HotPathAB.Options.parse("--before", "a", "--after", "b", "--ops", "get,delete"))
                .hasMessageContaining("got delete");
        assertThatThrownBy(() -> HotPathAB.Options.parse("--before", "a", "--after", "b", "--labels", "one"))
                .hasMessageContaining("two names");
    }

    @Test
    void a_round_is_operations_over_wall_time_and_nearest_rank_percentiles_in_microseconds() {
        long[] samples = new long[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = (i + 1) * 1000L; // 1 µs .. 100 µs
        }
        long[] raw = new long[102];
        raw[0] = 2_000_000_000L; // 2 s
        raw[1] = 1000; // more operations than samples kept: the count, not the samples, is the throughput
        System.arraycopy(samples, 0, raw, 2, 100);
        ABResult.Round r = ABResult.Round.of(raw);
        assertThat(r.opsPerSecond()).isEqualTo(500.0);
        assertThat(r.p50Micros()).isEqualTo(50.0);
        assertThat(r.p99Micros()).isEqualTo(99.0);
        assertThatThrownBy(() -> ABResult.Round.of(new long[] {1})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_cell_compares_the_medians_and_every_back_to_back_pair() {
        List<ABResult.Round> a = List.of(round(100, 10, 50), round(300, 30, 90), round(200, 20, 70),
                round(100, 10, 50), round(100, 10, 50));
        List<ABResult.Round> b = List.of(round(110, 11, 40), round(240, 25, 95), round(220, 19, 80),
                round(105, 10, 50), round(120, 10, 50));
        ABResult.Cell c = ABResult.Cell.of("get", 8, a, b);
        assertThat(c.a().opsPerSecond()).isEqualTo(100.0);
        assertThat(c.a().p50Micros()).isEqualTo(10.0);
        assertThat(c.a().p99Micros()).isEqualTo(50.0);
        assertThat(List.of(c.a().minOps(), c.a().maxOps())).containsExactly(100.0, 300.0);
        assertThat(c.b().opsPerSecond()).isEqualTo(120.0);
        assertThat(c.b().p50Micros()).isEqualTo(11.0);
        assertThat(c.ratio()).isEqualTo(1.2, within(1e-12));
        assertThat(c.pairs()).isEqualTo(5);
        // Pairs: 1.1, 0.8, 1.1, 1.05, 1.2.
        assertThat(c.minPairRatio()).isEqualTo(0.8, within(1e-12));
        assertThat(c.medianPairRatio()).isEqualTo(1.1, within(1e-12));
        assertThat(c.maxPairRatio()).isEqualTo(1.2, within(1e-12));
        // B won four pairs and lost one: the medians alone would hide that.
        assertThat(c.verdict()).isEqualTo("within noise");
        assertThat(ABResult.row(c)).startsWith("get").contains("1.200").contains("0.800 1.100 1.200").endsWith(
                "within noise");
    }

    @Test
    void the_verdict_needs_five_pairs_all_on_one_side_and_an_even_count_takes_the_middle_two() {
        List<ABResult.Round> a = List.of(round(100, 1, 1), round(200, 1, 1), round(300, 1, 1), round(400, 1, 1),
                round(500, 1, 1), round(600, 1, 1));
        List<ABResult.Round> slower = List.of(round(90, 1, 1), round(190, 1, 1), round(290, 1, 1),
                round(390, 1, 1), round(490, 1, 1), round(590, 1, 1));
        ABResult.Cell s = ABResult.Cell.of("put", 1, a, slower);
        assertThat(s.a().opsPerSecond()).isEqualTo(350.0);
        assertThat(s.b().opsPerSecond()).isEqualTo(340.0);
        assertThat(s.verdict()).isEqualTo("B slower");
        assertThat(ABResult.Cell.of("put", 1, slower, a).verdict()).isEqualTo("B faster");
        assertThat(ABResult.Cell.of("put", 1, a.subList(0, 4), slower.subList(0, 4)).verdict())
                .isEqualTo("too few pairs for a verdict");
        assertThatThrownBy(() -> ABResult.Cell.of("put", 1, a, a.subList(0, 3))).hasMessageContaining(
                "same number of rounds");
    }

    @Test
    void a_repository_root_expands_to_its_three_module_jars(@TempDir Path root) throws Exception {
        for (String module : HotPathAB.MODULES) {
            Path target = Files.createDirectories(root.resolve(module).resolve("target"));
            Files.createFile(target.resolve("agent-memory-" + module + "-1.0.jar"));
            Files.createFile(target.resolve("agent-memory-" + module + "-1.0-sources.jar"));
            Files.createFile(target.resolve("agent-memory-" + module + "-1.0-tests.jar"));
        }
        assertThat(HotPathAB.classPath(root.toString())).extracting(p -> p.getFileName().toString())
                .containsExactly("agent-memory-core-1.0.jar", "agent-memory-jdbc-support-1.0.jar",
                        "agent-memory-backend-sqlite-1.0.jar");
        Files.delete(root.resolve("backend-sqlite/target/agent-memory-backend-sqlite-1.0.jar"));
        assertThatThrownBy(() -> HotPathAB.classPath(root.toString())).hasMessageContaining(
                "expected one agent-memory-backend-sqlite-*.jar").hasMessageContaining("package -pl backend-sqlite");
        assertThat(HotPathAB.classPath("x.jar" + java.io.File.pathSeparator + "classes"))
                .containsExactly(Path.of("x.jar"), Path.of("classes"));
    }

    @Test
    void the_shared_parent_hides_the_library_and_its_service_files_but_not_third_party_classes() throws Exception {
        ClassLoader app = getClass().getClassLoader();
        String services = "META-INF/services/dev.agentmemory.spi.StorageProvider";
        assertThat(Collections.list(app.getResources(services))).isNotEmpty();
        ClassLoader shared = BuildClassLoader.sharedParent(app);
        assertThat(Collections.list(shared.getResources(services))).isEmpty();
        assertThat(shared.getResource("dev/agentmemory/MemoryStores.class")).isNull();
        assertThatThrownBy(() -> shared.loadClass("dev.agentmemory.MemoryStores"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(shared.loadClass("org.sqlite.SQLiteDataSource")).isSameAs(org.sqlite.SQLiteDataSource.class);
    }

    /** The real thing, small: this build's jars in a loader of their own, the probe run in it on SQLite. */
    @Test
    void the_probe_runs_in_a_build_of_its_own_against_that_builds_classes(@TempDir Path dir) throws Exception {
        URL[] jars = {codeSource(dev.agentmemory.MemoryStores.class), codeSource(dev.agentmemory.jdbc.JdbcEngine.class),
            codeSource(dev.agentmemory.sqlite.SqliteProvider.class)};
        try (BuildClassLoader loader = new BuildClassLoader("test", jars,
                BuildClassLoader.sharedParent(getClass().getClassLoader()))) {
            Class<?> probeType = Class.forName(HotPathABProbe.class.getName(), true, loader);
            assertThat(probeType).isNotSameAs(HotPathABProbe.class);
            assertThat(probeType.getClassLoader()).isSameAs(loader);
            Class<?> stores = Class.forName("dev.agentmemory.MemoryStores", false, loader);
            assertThat(stores).isNotSameAs(dev.agentmemory.MemoryStores.class);
            assertThat(stores.getClassLoader()).isSameAs(loader);

            Object probe = probeType.getConstructor().newInstance();
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            try {
                probeType.getMethod("open", String.class, int.class, long.class).invoke(probe,
                        dir.resolve("t.db").toString(), 50, 1L);
                Method run = probeType.getMethod("run", String.class, int.class, long.class);
                for (String op : List.of("get", "search", "put")) {
                    long[] raw = (long[]) run.invoke(probe, op, 2, 100L);
                    assertThat(raw[0]).as(op + " wall time").isGreaterThanOrEqualTo(100_000_000L);
                    assertThat(raw[1]).as(op + " operations").isPositive();
                    assertThat(raw.length - 2L).as(op + " one sample per operation").isEqualTo(raw[1]);
                }
                probeType.getMethod("close").invoke(probe);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
    }

    private static URL codeSource(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    private static ABResult.Round round(double ops, double p50, double p99) {
        return new ABResult.Round(ops, p50, p99);
    }
}
