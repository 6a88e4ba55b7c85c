package dev.agentmemory.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.AsyncMemoryStore;
import dev.agentmemory.Conversation;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryNotFoundException;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.MessageDraft;
import dev.agentmemory.Namespace;
import dev.agentmemory.Neighbourhood;
import dev.agentmemory.Search;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tenant isolation, a seeded property test over every Java API path: namespace operations,
 * search, multi-namespace search, links and neighbours, history, conversations, transactions and
 * the async view. Tenant A holds memories (with metadata, links, updates, a deleted one) and a
 * conversation; tenant B, using A's ids, namespace names, session id and metadata filters, finds
 * nothing of A's and changes nothing: a full snapshot of A is equal before and after.
 */
@Timeout(300)
class TenantIsolationTest {
    private static final long SEED = Long.getLong("reliability.seed", System.nanoTime());
    private static final int OPERATIONS = Integer.getInteger("reliability.tenantOperations", 600);
    private static final int DIM = 6;
    private static final String A = "tenant-a";
    private static final String B = "tenant-b";
    private static final List<String> NAMES = List.of("shared", "notes");

    @TempDir
    Path dir;

    private final Random random = new Random(SEED);
    private final Map<String, Integer> ops = new TreeMap<>();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2"})
    void tenant_b_finds_nothing_of_a_and_changes_nothing(String backend) throws Exception {
        String uri = backend + ":" + dir.resolve("tenants" + (backend.equals("sqlite") ? ".db" : ""));
        try (MemoryStore store = MemoryStores.open(uri)) {
            List<MemoryId> idsA = populateA(store);
            List<MemoryId> idsB = store.namespace(B, "shared").putAll(List.of(draft("B one", "b"), draft("B two", "b")));
            store.conversation(B, "chat").append("user", "B says hi");
            List<Object> before = snapshotA(store, idsA);
            AsyncMemoryStore async = store.async();
            for (int i = 0; i < OPERATIONS; i++) {
                MemoryId a = idsA.get(random.nextInt(idsA.size()));
                MemoryId a2 = idsA.get(random.nextInt(idsA.size()));
                String name = NAMES.get(random.nextInt(NAMES.size()));
                Namespace asB = store.namespace(B, name);
                Filter secret = random.nextBoolean() ? Filter.eq("secret", "a") : Filter.exists("n");
                int op = random.nextInt(20);
                String what = "op " + op + " on " + a + " in " + name + " (seed " + SEED + ")";
                ops.merge(opName(op), 1, Integer::sum);
                switch (op) {
                    case 0 -> assertThat(asB.get(a)).as(what).isEmpty();
                    case 1 -> assertThat(asB.getAll(idsA)).as(what).isEmpty();
                    case 2 -> notFound(what, () -> asB.update(a, 1, draft("hijack", "b")));
                    case 3 -> assertThat(asB.delete(a)).as(what).isFalse();
                    case 4 -> assertThat(asB.history(a)).as(what).isEmpty();
                    case 5 -> emptyOrNotFound(what, () -> asB.links(a));
                    case 6 -> notFound(what, () -> asB.neighbours(Neighbourhood.of(a).depth(3)));
                    case 7 -> notFound(what, () -> store.namespace(B, "shared").link(idsB.get(0), a, "rel", 1));
                    case 8 -> notFound(what, () -> asB.link(a, idsB.get(0), "rel", 1));
                    case 9 -> {
                        try {
                            assertThat(asB.unlink(a, a2, "rel")).as(what).isFalse();
                        } catch (MemoryNotFoundException e) {
                            // finds nothing: as good as false
                        }
                    }
                    case 10 -> onlyB(what, asB.search(Search.vector(vector()).topK(100).where(secret)));
                    case 11 -> onlyB(what, store.search(B, NAMES, Search.vector(vector()).topK(100)));
                    case 12 -> assertThat(asB.count(secret)).as(what).isLessThanOrEqualTo(asB.count());
                    case 13 -> assertThat(store.namespace(B, "notes").deleteWhere(secret)).as(what).isZero();
                    case 14 -> assertThat(asB.list(ListQuery.first(100).where(secret)).items())
                            .as(what).allSatisfy(m -> assertThat(m.tenant()).isEqualTo(B));
                    case 15 -> {
                        Conversation chat = store.conversation(B, "chat");
                        assertThat(chat.last(100)).as(what).allSatisfy(m -> assertThat(m.text()).startsWith("B"));
                        if (random.nextInt(4) == 0) {
                            chat.replaceAll(List.of(new MessageDraft("user", "B again")));
                        }
                    }
                    case 16 -> store.inTransaction(B, tx -> {
                        assertThat(tx.get(a)).as(what).isEmpty();
                        assertThat(tx.delete(a)).as(what).isFalse();
                        notFound(what, () -> tx.update(a, 1, draft("hijack", "b")));
                        notFound(what, () -> tx.link(a, idsB.get(0), "rel", 1));
                        return null;
                    });
                    case 17 -> {
                        assertThat(async.namespace(B, name).get(a).join()).as(what).isEmpty();
                        assertThat(async.namespace(B, name).delete(a).join()).as(what).isFalse();
                        onlyB(what, async.search(B, NAMES, Search.vector(vector()).topK(50)).join());
                    }
                    case 18 -> {
                        // B puts A's exact content and A's chosen id: dedup and ids are per tenant.
                        Memory m = store.namespace(A, name).get(a).orElse(null);
                        if (m != null) {
                            MemoryId got = store.namespace(B, m.namespace()).put(m.toDraft());
                            assertThat(got).as("%s: dedup across tenants returned A's id", what).isNotIn(idsA);
                            store.namespace(B, m.namespace()).delete(got);
                        }
                    }
                    default -> {
                        long own = asB.count();
                        assertThat(asB.deleteWhere(Filter.not(Filter.exists("absent")))).as(what).isEqualTo(own);
                    }
                }
            }
            // Last, since B then holds memories under A's ids: B puts with each of A's ids chosen.
            for (MemoryId a : idsA) {
                Namespace chosen = store.namespace(B, "chosen");
                try {
                    MemoryId got = chosen.put(draft("B with A's id " + a, "b").id(a));
                    assertThat(chosen.get(got)).map(Memory::tenant).contains(B);
                    ops.merge("put with A's id: stored as B's", 1, Integer::sum);
                } catch (MemoryStoreException e) {
                    assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
                    ops.merge("put with A's id: ALREADY_EXISTS", 1, Integer::sum);
                }
            }
            assertThat(snapshotA(store, idsA)).as("A's full snapshot after %d operations as B (seed %d)", OPERATIONS,
                    SEED).isEqualTo(before);
            System.out.printf("[tenancy] %s: %d operations as tenant B on A's ids, namespaces, session and filters %s;"
                    + " A's snapshot (%d items) unchanged (seed %d)%n", backend, OPERATIONS, ops, before.size(), SEED);
        }
    }

    private List<MemoryId> populateA(MemoryStore store) {
        List<MemoryId> ids = new ArrayList<>();
        for (String name : NAMES) {
            List<MemoryDraft> drafts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                drafts.add(draft("A's secret " + name + " " + i, "a").metadata("n", (long) i));
            }
            ids.addAll(store.namespace(A, name).putAll(drafts));
        }
        Namespace shared = store.namespace(A, "shared");
        shared.link(ids.get(0), ids.get(1), "rel", 0.5);
        shared.link(ids.get(1), ids.get(9), "rel", 0.7);
        store.namespace(A, "notes").link(ids.get(9), ids.get(10), "next", 1.0);
        for (int i = 2; i < 5; i++) {
            Memory m = shared.get(ids.get(i)).orElseThrow();
            shared.update(m.id(), m.version(), m.toDraft().content(m.content() + " (edited)"));
        }
        shared.delete(ids.get(5));
        store.conversation(A, "chat").appendAll(List.of(new MessageDraft("user", "A: my secret"),
                new MessageDraft("assistant", "A: noted")));
        return ids;
    }

    /** Everything of A's that any API path shows. */
    private static List<Object> snapshotA(MemoryStore store, List<MemoryId> idsA) {
        List<Object> out = new ArrayList<>();
        for (String name : NAMES) {
            Namespace ns = store.namespace(A, name);
            out.add(ns.count());
            out.addAll(ns.list(ListQuery.first(1000)).items());
            for (MemoryId id : idsA) {
                out.add(ns.get(id));
                out.add(orNotHere(() -> ns.history(id)));
                out.add(orNotHere(() -> ns.links(id)));
                out.add(orNotHere(() -> ns.neighbours(Neighbourhood.of(id).depth(3))));
            }
            out.add(ns.search(Search.vector(new float[] {1, 1, 1, 1, 1, 1}).topK(100)).stream()
                    .map(m -> m.memory().id() + " " + m.score()).toList());
        }
        out.add(store.conversation(A, "chat").last(100));
        out.add(store.conversation(A, "chat").size());
        return out;
    }

    private static Object orNotHere(Supplier<?> read) {
        try {
            return read.get();
        } catch (MemoryNotFoundException e) {
            return "not here";
        }
    }

    private MemoryDraft draft(String content, String secret) {
        return MemoryDraft.of(content).embedding(vector()).metadata("secret", secret);
    }

    private float[] vector() {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static void onlyB(String what, List<Match> hits) {
        Set<String> tenants = hits.stream().map(m -> m.memory().tenant()).collect(Collectors.toSet());
        assertThat(tenants).as(what).isSubsetOf(Set.of(B));
    }

    private static void notFound(String what, Runnable call) {
        try {
            call.run();
        } catch (MemoryNotFoundException e) {
            return;
        }
        throw new AssertionError(what + ": expected MemoryNotFoundException");
    }

    private static void emptyOrNotFound(String what, Supplier<List<?>> call) {
        try {
            assertThat(call.get()).as(what).isEmpty();
        } catch (MemoryNotFoundException e) {
            // as good as empty
        }
    }

    private static String opName(int op) {
        return List.of("get", "getAll", "update", "delete", "history", "links", "neighbours", "linkTo", "linkFrom",
                "unlink", "search", "searchAcross", "count", "deleteWhere", "conversation", "transaction", "async",
                "sameContentAndId", "deleteAll", "deleteAll").get(op);
    }
}
