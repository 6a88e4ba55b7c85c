package dev.agentmemory.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.MemoryId;
import dev.agentmemory.ValidationException;
import dev.agentmemory.jdbc.JdbcEngine;
import dev.agentmemory.spi.StoredMemory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every filter operator compiled to SQL and run on a real SQLite database. */
class FilterCompilerTest {
    @TempDir
    static Path dir;
    static JdbcEngine engine;
    /** Name to id, in insertion (= id) order. */
    static final Map<String, MemoryId> IDS = new LinkedHashMap<>();

    @BeforeAll
    static void load() {
        engine = TestDb.engine(dir.resolve("filters.db"));
        List<StoredMemory> rows = new ArrayList<>();
        rows.add(named("a", Map.of("s", "apple", "n", 5L, "b", true), 100, 100));
        rows.add(named("b", Map.of("s", "banana", "n", 5.0, "b", false), 200, 1200));
        rows.add(named("c", Map.of("s", "\u00e9", "n", 7.5), 300, 300));
        rows.add(named("d", Map.of("s", "\uffff"), 400, 400));
        rows.add(named("e", Map.of("s", "\ud83d\ude00", "n", -1L), 500, 1500));
        rows.add(named("f", Map.of(), 600, 600));
        rows.add(named("h", Map.of("n", "5", "b", 1L), 700, 700));
        // Decoys: the same metadata in another tenant and another namespace must never match.
        StoredMemory otherTenant = TestDb.memory("u", "n", "decoy", Map.of("s", "apple", "n", 5L, "b", true), 100, 100, 1);
        StoredMemory otherNamespace = TestDb.memory("t", "m", "decoy", Map.of("s", "apple", "n", 5L), 100, 100, 1);
        engine.write(s -> {
            for (String[] tn : new String[][] {{"t", "n"}, {"u", "n"}, {"t", "m"}}) {
                s.ensureNamespace(tn[0], tn[1]);
            }
            s.insert(rows);
            s.insert(List.of(otherTenant, otherNamespace));
            return null;
        });
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static StoredMemory named(String name, Map<String, ?> metadata, long created, long updated) {
        StoredMemory m = TestDb.memory("t", "n", name, metadata, created, updated, IDS.size() + 1);
        IDS.put(name, m.memory().id());
        return m;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                c(Filter.eq("s", "apple"), "a"),
                c(Filter.eq("n", 5L), "a b"),
                c(Filter.eq("n", 5.0), "a b"),
                c(Filter.eq("n", "5"), "h"),
                c(Filter.eq("s", 5L), ""),
                c(Filter.eq("b", true), "a"),
                c(Filter.eq("b", false), "b"),
                c(Filter.eq("b", 1L), "h"),
                c(Filter.eq("missing", 1L), ""),
                c(Filter.ne("b", true), "b c d e f h"),
                c(Filter.ne("n", 5L), "c d e f h"),
                c(Filter.ne("missing", "x"), "a b c d e f h"),
                c(Filter.gt("s", "b"), "b c d e"),
                c(Filter.gt("s", "\uffff"), "e"),
                c(Filter.lt("s", "\uffff"), "a b c"),
                c(Filter.gte("n", 5L), "a b c"),
                c(Filter.lt("n", 5.0), "e"),
                c(Filter.lte("n", 5), "a b e"),
                c(Filter.gt("n", "4"), "h"),
                c(Filter.gt("b", false), "a"),
                c(Filter.lte("b", true), "a b"),
                c(Filter.in("s", List.of("apple", "\u00e9", 7L)), "a c"),
                c(Filter.in("n", List.of(5L, "5")), "a b h"),
                c(Filter.in("b", List.of(true, 1L)), "a h"),
                c(Filter.notIn("s", List.of("apple", "banana")), "c d e f h"),
                c(Filter.notIn("n", List.of(7.5, -1L)), "a b d f h"),
                c(Filter.exists("n"), "a b c e h"),
                c(Filter.not(Filter.exists("s")), "f h"),
                c(Filter.and(Filter.eq("n", 5L), Filter.eq("b", true)), "a"),
                c(Filter.or(Filter.eq("s", "\u00e9"), Filter.lt("n", 0L)), "c e"),
                c(Filter.not(Filter.or(Filter.exists("s"), Filter.exists("n"))), "f"),
                c(Filter.and(Filter.or(Filter.eq("b", true), Filter.eq("b", false)), Filter.not(Filter.eq("s", "banana"))),
                        "a"),
                c(Filter.and(), "a b c d e f h"),
                c(Filter.or(), ""),
                c(Filter.not(Filter.and()), ""),
                c(Filter.createdAfter(TestDb.micros(300)), "d e f h"),
                c(Filter.createdBefore(TestDb.micros(200)), "a"),
                c(Filter.createdBetween(TestDb.micros(200), TestDb.micros(500)), "b c d"),
                c(Filter.updatedAfter(TestDb.micros(1000)), "b e"),
                c(Filter.updatedBefore(TestDb.micros(300)), "a"),
                c(Filter.compare(Filter.Field.UPDATED_AT, Filter.Op.LTE, TestDb.micros(600)), "a c d f"),
                c(Filter.compare(Filter.Field.CREATED_AT, Filter.Op.NE, TestDb.micros(100)), "b c d e f h"),
                c(new Filter.In(Filter.Field.CREATED_AT, List.of(TestDb.micros(100), TestDb.micros(300)), false), "a c"),
                c(new Filter.In(Filter.Field.CREATED_AT, List.of(TestDb.micros(100), TestDb.micros(300)), true),
                        "b d e f h"),
                c(Filter.and(Filter.createdAfter(TestDb.micros(100)), Filter.exists("b")), "b h"));
    }

    private static Arguments c(Filter filter, String expected) {
        return Arguments.of(filter, expected);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("cases")
    void findIdsCountAndListAgree(Filter filter, String expected) {
        List<MemoryId> want = expected.isEmpty() ? List.of()
                : Stream.of(expected.split(" ")).map(IDS::get).sorted().toList();
        List<MemoryId> ids = engine.read(s -> s.findIds("t", "n", filter));
        long count = engine.read(s -> s.count("t", "n", filter));
        List<MemoryId> listed = engine.read(s -> s.list("t", "n", filter, null, 100)).stream()
                .map(r -> r.memory().id()).toList();
        assertThat(ids).as("findIds").containsExactlyElementsOf(want);
        assertThat(listed).as("list").containsExactlyElementsOf(want);
        assertThat(count).as("count").isEqualTo(want.size());
    }

    @Test
    void listPagesInIdOrderWithAFilter() {
        Filter f = Filter.exists("s");
        List<MemoryId> first = engine.read(s -> s.list("t", "n", f, null, 2)).stream().map(r -> r.memory().id()).toList();
        List<MemoryId> rest = engine.read(s -> s.list("t", "n", f, first.get(1), 100)).stream()
                .map(r -> r.memory().id()).toList();
        assertThat(first).containsExactly(IDS.get("a"), IDS.get("b"));
        assertThat(rest).containsExactly(IDS.get("c"), IDS.get("d"), IDS.get("e"));
        assertThat(rest.get(0).compareTo(first.get(1))).isPositive();
    }

    @Test
    void keysAreRevalidatedAndNeverReachTheSql() {
        for (String key : List.of("bad key", "x' OR '1'='1", "_leading", "a".repeat(65))) {
            assertThatThrownBy(() -> engine.read(s -> s.count("t", "n", Filter.eq(key, 1L))))
                    .isInstanceOf(ValidationException.class)
                    .satisfies(e -> assertThat(((ValidationException) e).code()).isEqualTo(ErrorCode.INVALID_FILTER));
        }
    }

    @Test
    void valuesTravelAsParameters() {
        SqlFragment f = new FilterCompiler(TestSqliteDialect.INSTANCE)
                .compile(Filter.or(Filter.eq("s", "x' OR 1=1 --"), Filter.in("n", List.of(1L, "y"))));
        assertThat(f.sql()).doesNotContain("x'").doesNotContain("'y'").doesNotContain("1=1");
        assertThat(f.args()).containsExactly("s", "x' OR 1=1 --", "n", 1.0, "y");
        long count = engine.read(s -> s.count("t", "n", Filter.eq("s", "x' OR 1=1 --")));
        assertThat(count).isZero();
    }
}
