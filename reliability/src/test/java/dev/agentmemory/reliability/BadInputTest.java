package dev.agentmemory.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Conversation;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Message;
import dev.agentmemory.Namespace;
import dev.agentmemory.Neighbourhood;
import dev.agentmemory.Page;
import dev.agentmemory.Search;
import dev.agentmemory.StorageException;
import dev.agentmemory.reliability.support.BadInputs;
import dev.agentmemory.reliability.support.RawDb;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input through the Java API, seeded random: hostile identifiers, texts, vectors, metadata,
 * filters, ids, cursors and numbers, in every field of every operation. Each call either fails
 * with a typed error ({@link MemoryStoreException} with a stable code, not a storage failure)
 * whose message carries no SQL and no stack trace, or succeeds and reads back exactly. The schema
 * (tables, columns, indexes, read through a raw JDBC connection) is unchanged, and what is stored
 * is exactly what succeeded. The seed is in every failure message ({@code -Dreliability.seed=}).
 *
 * <p>Texts holding unpaired surrogates (invalid UTF-16) are among the inputs: they once passed
 * validation and SQLite, which stores UTF-8, stored them altered; core now refuses them on every
 * backend.
 */
@Timeout(300)
class BadInputTest {
    private static final long SEED = Long.getLong("reliability.seed", System.nanoTime());
    private static final int CALLS = Integer.getInteger("reliability.badInputCalls", 1_500);
    private static final int DIM = 4;
    private static final Pattern LEAKS = Pattern.compile("SQLState|SQL statement|\\n\\s*at |java\\.sql|org\\.sqlite"
            + "|org\\.h2|SQLITE_|jdbi|Exception:|\\bSELECT\\b.*\\bFROM\\b|\\bINSERT INTO\\b|\\bUPDATE\\b.*\\bSET\\b");

    @TempDir
    Path dir;

    private final Map<MemoryId, Memory> stored = new HashMap<>();
    private int storedElsewhere;
    private final Map<String, List<String>> messages = new HashMap<>();
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2"})
    void hostile_input_gets_typed_errors_or_is_stored_exactly(String backend) throws Exception {
        String uri = backend + ":" + dir.resolve("bad" + (backend.equals("sqlite") ? ".db" : ""));
        try (MemoryStore store = MemoryStores.open(uri)) {
            Namespace fuzz = store.namespace("t", "fuzz");
            fuzz.put(MemoryDraft.of("anchor").embedding(new float[] {1, 0, 0, 0}).metadata("k", "v"));
        }
        String schemaBefore = RawDb.schema(uri);
        BadInputs in = new BadInputs(new Random(SEED), true);
        try (MemoryStore store = MemoryStores.open(uri)) {
            Namespace fuzz = store.namespace("t", "fuzz");
            fuzz.list(ListQuery.first(10)).items().forEach(m -> stored.put(m.id(), m));
            for (int i = 0; i < CALLS; i++) {
                call(store, fuzz, in, i);
            }
            for (Map.Entry<MemoryId, Memory> e : stored.entrySet()) {
                Memory m = fuzz.get(e.getKey()).orElse(null);
                if (m == null || !sameData(m, e.getValue())) {
                    problems.add("stored memory changed or vanished: " + e.getValue() + " now " + m);
                }
            }
            List<MemoryId> listed = new ArrayList<>();
            ListQuery q = ListQuery.first(1000);
            while (true) {
                Page<Memory> page = fuzz.list(q);
                page.items().forEach(m -> listed.add(m.id()));
                if (page.nextCursor().isEmpty()) {
                    break;
                }
                q = q.after(page.nextCursor().get());
            }
            if (!new java.util.HashSet<>(listed).equals(stored.keySet()) || listed.size() != stored.size()) {
                problems.add("what is listed (" + listed.size() + ") is not exactly what succeeded (" + stored.size()
                        + ")");
            }
        }
        System.out.printf("[bad input] %s: %d hostile calls, outcomes %s, %d problems, schema unchanged, %d memories"
                + " stored and read back exactly, %d more in other valid namespaces (seed %d)%n", backend, CALLS,
                outcomes, problems.size(), stored.size(), storedElsewhere, SEED);
        problems.stream().limit(20).forEach(p -> System.out.println("[bad input]   problem: " + clip(p)));
        messages.forEach((code, sample) -> System.out.println("[bad input]   " + code + ": " + sample.get(0)));
        assertThat(RawDb.schema(uri)).as("schema after %d hostile calls (seed %d)", CALLS, SEED).isEqualTo(schemaBefore);
        assertThat(RawDb.queryLong(uri, "SELECT COUNT(*) FROM memories")).as("rows in memories, every tenant")
                .isEqualTo(stored.size() + storedElsewhere);
        assertThat(problems).as("problems (seed %d)", SEED).isEmpty();
    }

    private void call(MemoryStore store, Namespace fuzz, BadInputs in, int i) {
        Random r = in.random();
        int op = r.nextInt(12);
        switch (op) {
            case 0 -> {
                String tenant = in.identifier();
                String name = in.identifier();
                MemoryDraft draft = MemoryDraft.of("ns " + i).embedding(new float[] {1, 2, 3, 4});
                attempt("namespace+put", () -> store.namespace(tenant, name).put(draft), id -> {
                    if (tenant.equals("t") && name.equals("fuzz")) {
                        return recordPut(fuzz, id, draft);
                    }
                    storedElsewhere++;
                    return store.namespace(tenant, name).get(id).map(Memory::content).orElse("").equals(draft.content())
                            ? null : "not read back from " + tenant + "/" + name;
                }, false);
            }
            case 1 -> {
                MemoryDraft[] draft = new MemoryDraft[1];
                attempt("put", () -> fuzz.put(draft[0] = draft(in, i)), id -> recordPut(fuzz, id, draft[0]), false);
            }
            case 2 -> {
                MemoryDraft good = MemoryDraft.of("good " + i).embedding(new float[] {0, 1, 0, 0});
                MemoryDraft[] bad = new MemoryDraft[1];
                attempt("putAll", () -> fuzz.putAll(List.of(good, bad[0] = draft(in, i))), ids -> {
                    String p = recordPut(fuzz, ids.get(0), good);
                    return p != null ? p : recordPut(fuzz, ids.get(1), bad[0]);
                }, false);
            }
            case 3 -> attempt("search", () -> fuzz.search(search(in)), hits -> null, false);
            case 4 -> attempt("count", () -> fuzz.count(filter(in, 0)), n -> null, false);
            case 5 -> attempt("deleteWhere", () -> store.namespace("t", "empty").deleteWhere(filter(in, 0)),
                    n -> n == 0 ? null : "deleted from an empty namespace", false);
            case 6 -> attempt("list", () -> {
                ListQuery q = ListQuery.first(r.nextBoolean() ? in.count() : 10);
                if (r.nextBoolean()) {
                    q = q.after(in.cursor());
                }
                return fuzz.list(r.nextBoolean() ? q.where(filter(in, 0)) : q);
            }, page -> null, false);
            case 7 -> attempt("get", () -> fuzz.get(MemoryId.parse(in.idText())), m -> null, false);
            case 8 -> {
                MemoryId target = stored.keySet().iterator().next();
                MemoryDraft[] draft = new MemoryDraft[1];
                attempt("update", () -> fuzz.update(target, stored.get(target).version(), draft[0] = draft(in, i)),
                        m -> recordPut(fuzz, target, draft[0]), false);
            }
            case 9 -> {
                String role = r.nextBoolean() ? in.identifier() : "user";
                String text = r.nextBoolean() ? in.text() : "hello";
                String session = r.nextBoolean() ? in.identifier() : "s1";
                attempt("append", () -> {
                    Conversation c = store.conversation("t", session);
                    Message m = c.append(role, text);
                    return c.last(r.nextBoolean() ? in.count() : 1).stream().anyMatch(x -> x.seq() == m.seq()
                            && x.text().equals(text) && x.role().equals(role)) ? "ok" : "read back differs";
                }, ok -> ok.equals("ok") ? null : "conversation message not read back exactly: " + escape(text), false);
            }
            case 10 -> {
                MemoryId a = stored.keySet().iterator().next();
                attempt("link", () -> fuzz.link(a, a, in.identifier(), in.real()), l -> null, false);
                attempt("neighbours", () -> fuzz.neighbours(Neighbourhood.of(a).depth(in.count())
                        .types(in.identifier()).limit(in.count())), n -> null, false);
            }
            default -> attempt("searchAcross", () -> store.search(r.nextBoolean() ? "t" : in.identifier(),
                    List.of(in.identifier(), "fuzz"), search(in)), hits -> null, false);
        }
    }

    private MemoryDraft draft(BadInputs in, int i) {
        Random r = in.random();
        MemoryDraft d = MemoryDraft.of(r.nextInt(3) == 0 ? in.text() : "content " + i + " " + in.pick(List.of("%",
                "_", "'; DROP TABLE memories; --", "\ud83d\ude00", "")))
                .embedding(r.nextInt(3) == 0 ? in.vector(DIM) : new float[] {1, 2, 3, i});
        int entries = r.nextInt(10) == 0 ? 65 : r.nextInt(3);
        for (int e = 0; e < entries; e++) {
            d = d.metadata(r.nextBoolean() ? in.identifier() : "m" + e, r.nextBoolean() ? in.value() : "fine");
        }
        return d;
    }

    private Search search(BadInputs in) {
        Random r = in.random();
        Search s = Search.vector(r.nextBoolean() ? in.vector(DIM) : new float[] {1, 0, 0, 0});
        if (r.nextBoolean()) {
            s = s.topK(in.count());
        }
        if (r.nextInt(3) == 0) {
            s = s.minScore(in.real());
        }
        return r.nextBoolean() ? s.where(filter(in, 0)) : s;
    }

    /** A hostile filter: bad keys and values, empty or huge lists, deep nesting. */
    private Filter filter(BadInputs in, int depth) {
        Random r = in.random();
        String key = r.nextBoolean() ? in.identifier() : "k";
        int kind = depth > 3 ? r.nextInt(8) : r.nextInt(13);
        return switch (kind) {
            case 0 -> Filter.eq(key, in.value());
            case 1 -> Filter.ne(key, in.value());
            case 2 -> Filter.gt(key, in.value());
            case 3 -> Filter.lte(key, in.value());
            case 4 -> Filter.in(key, r.nextBoolean() ? List.of() : in.values(r.nextBoolean() ? 3 : 5_000));
            case 5 -> Filter.exists(key);
            case 6 -> Filter.contains(key, in.text());
            case 7 -> Filter.notIn(key, in.values(2));
            case 8 -> Filter.and(filter(in, depth + 1), filter(in, depth + 1));
            case 9 -> Filter.or(filter(in, depth + 1), filter(in, depth + 1));
            case 10 -> Filter.not(filter(in, depth + 1));
            case 11 -> deep(r.nextBoolean() ? 200 : 10_000);
            default -> Filter.and(new Filter[0]);
        };
    }

    private static Filter deep(int levels) {
        Filter f = Filter.eq("k", "v");
        for (int i = 0; i < levels; i++) {
            f = Filter.not(f);
        }
        return f;
    }

    private String recordPut(Namespace ns, MemoryId id, MemoryDraft draft) {
        Memory m = ns.get(id).orElse(null);
        if (m == null) {
            return "acknowledged, not found: " + id;
        }
        if (!m.content().equals(draft.content()) && !stored.containsKey(id)) {
            // deduplication returned an existing memory with the same content hash: fine if it is one we know
            return "put returned " + id + " whose content " + escape(m.content()) + " differs from the draft's "
                    + escape(draft.content());
        }
        if (m.content().equals(draft.content()) && (!Arrays.equals(m.embedding(), draft.embedding())
                || !m.metadata().equals(draft.metadata())) && !stored.containsKey(id)) {
            return "not read back exactly: " + m + " vs " + draft;
        }
        stored.put(id, m);
        return null;
    }

    private static boolean sameData(Memory a, Memory b) {
        return a.content().equals(b.content()) && Arrays.equals(a.embedding(), b.embedding())
                && a.metadata().equals(b.metadata()) && a.version() == b.version();
    }

    private <T> void attempt(String op, Supplier<T> call, java.util.function.Function<T, String> check,
            boolean unused) {
        try {
            T result = call.get();
            outcomes.merge(op + " ok", 1, Integer::sum);
            String problem = check.apply(result);
            if (problem != null) {
                problems.add(op + ": " + problem);
            }
        } catch (StackOverflowError e) {
            problems.add(op + ": StackOverflowError (a deeply nested filter?)");
        } catch (StorageException e) {
            problems.add(op + ": input reached the database and failed there (" + e.kind() + "): " + e.getMessage());
        } catch (MemoryStoreException e) {
            outcomes.merge(op + " " + e.code(), 1, Integer::sum);
            messages.computeIfAbsent(e.code().name(), k -> new ArrayList<>()).add(op + ": " + clip(e.getMessage()));
            if (e.code() == ErrorCode.STORAGE_FAILURE || e.code() == ErrorCode.STORAGE_TRANSIENT) {
                problems.add(op + ": storage failure for bad input: " + e.getMessage());
            }
            if (e.getMessage() == null || LEAKS.matcher(e.getMessage()).find()) {
                problems.add(op + ": message leaks internals: " + clip(e.getMessage()));
            }
        } catch (Throwable e) {
            problems.add(op + ": untyped " + e.getClass().getName() + ": " + clip(String.valueOf(e.getMessage()))
                    + " at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
        }
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder("'");
        s.chars().limit(60).forEach(c -> out.append(c >= 32 && c < 127 ? String.valueOf((char) c)
                : String.format("\\u%04x", c)));
        return out.append(s.length() > 60 ? "...'" : "'").toString();
    }

    private static String clip(String s) {
        return s == null ? null : s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
