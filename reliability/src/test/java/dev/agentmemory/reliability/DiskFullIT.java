package dev.agentmemory.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Filter;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.Page;
import dev.agentmemory.Search;
import dev.agentmemory.StorageException;
import dev.agentmemory.reliability.support.RawDb;
import dev.agentmemory.reliability.support.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk full: a store whose database lives on a small tmpfs writes until the device is full.
 * Every failing write is a typed {@link StorageException}; no half-written memory is visible
 * (count, get, list and search agree, metadata stays with its memory); after space is freed the
 * same store object writes again, without reopening. Needs root for the mount (skipped
 * otherwise, with the reason).
 */
@Timeout(300)
class DiskFullIT {
    private static final int DIM = 8;
    private static final int FAILING_ATTEMPTS = 30;
    private static final int AFTER = 10;

    @TempDir
    Path dir;

    @Test
    void sqlite_a_full_disk_fails_writes_typed_keeps_state_consistent_and_recovers_without_reopening()
            throws Exception {
        onTmpfs(mnt -> run("sqlite", mnt, false));
    }

    @Test
    @EnabledIfSystemProperty(named = "reliability.knownBugs", matches = "true", disabledReason = "open: after one"
            + " write fails on a full device, H2's MVStore is broken for this process and keeps its file lock:"
            + " every later call fails until the store is closed and reopened (retiring every pooled connection"
            + " was tried: new connections then fail with 'Database may be already in use'). See"
            + " docs/RELIABILITY.md and docs/backends/h2.md.")
    void h2_a_full_disk_fails_writes_typed_keeps_state_consistent_and_recovers_without_reopening() throws Exception {
        onTmpfs(mnt -> run("h2", mnt, false));
    }

    /** What holds on H2 today: typed failures, and after reopening nothing lost and nothing half-written. */
    @Test
    void h2_a_full_disk_fails_writes_typed_and_after_reopening_keeps_state_consistent() throws Exception {
        onTmpfs(mnt -> run("h2", mnt, true));
    }

    private interface OnMount {
        void run(Path mnt) throws Exception;
    }

    private void onTmpfs(OnMount body) throws Exception {
        Tmpfs tmpfs = Tmpfs.mount(dir.resolve("mnt"), 6);
        Assumptions.assumeTrue(tmpfs != null, "mounting a tmpfs needs root; run as root to simulate a full disk");
        try (tmpfs) {
            body.run(tmpfs.dir());
        }
    }

    private void run(String backend, Path mnt, boolean reopen) throws Exception {
        String uri = backend + ":" + mnt.resolve(backend.equals("sqlite") ? "full.db" : "full");
        Path ballast = mnt.resolve("ballast");
        Files.write(ballast, new byte[2 * 1024 * 1024]);
        Map<MemoryId, Integer> acknowledged = new LinkedHashMap<>();
        Map<String, Integer> failures = new LinkedHashMap<>();
        List<String> messages = new ArrayList<>();
        Set<Integer> failed = new HashSet<>();
        int attempts = 0;
        MemoryStore store = MemoryStores.open(uri);
        try {
            Namespace ns = store.namespace("t", "full");
            int n = 0;
            int failuresSeen = 0;
            while (failuresSeen < FAILING_ATTEMPTS && n < 100_000) {
                int k = n++;
                attempts++;
                try {
                    acknowledged.put(ns.put(draft(k)), k);
                } catch (StorageException e) {
                    failuresSeen++;
                    failed.add(k);
                    failures.merge(e.kind() + "/" + e.code(), 1, Integer::sum);
                    if (messages.size() < 2) {
                        messages.add(e.getMessage());
                    }
                }
            }
            assertThat(failuresSeen).as("the device filled up").isEqualTo(FAILING_ATTEMPTS);
            assertThat(failures.keySet()).as("every failure on a full disk is permanent: %s", messages)
                    .containsOnly("PERMANENT/STORAGE_FAILURE");
            assertThat(messages).allSatisfy(m -> assertThat(m.toLowerCase()).containsAnyOf("full", "space", "too large",
                    "writing to"));
            if (!reopen) {
                assertConsistent(ns, acknowledged, failed);
            }
            Files.delete(ballast);
            if (reopen) {
                closeQuietly(store);
                store = MemoryStores.open(uri);
                ns = store.namespace("t", "full");
            }
            assertConsistent(ns, acknowledged, failed);
            for (int i = 0; i < AFTER; i++) {
                int k = 1_000_000 + i;
                MemoryId id;
                try {
                    id = ns.put(draft(k));
                } catch (RuntimeException e) {
                    throw new AssertionError("write " + (i + 1) + " after freeing 2 MB failed", e);
                }
                acknowledged.put(id, k);
            }
            assertConsistent(ns, acknowledged, failed);
            System.out.printf("[disk full] %s: %d writes attempted, %d acknowledged before the device filled, %d"
                    + " failures %s, then %d writes after freeing 2 MB %s; message: %s%n", backend, attempts,
                    acknowledged.size() - AFTER, FAILING_ATTEMPTS, failures, AFTER,
                    reopen ? "and reopening" : "on the same store object", messages.get(0));
        } finally {
            closeQuietly(store);
        }
        assertThat(RawDb.integrityCheck(uri)).isEqualTo("ok");
        assertThat(RawDb.queryLong(uri, "SELECT COUNT(*) FROM memory_metadata mm WHERE NOT EXISTS (SELECT 1 FROM"
                + " memories m WHERE m.tenant = mm.tenant AND m.id = mm.memory_id)")).as("orphaned metadata").isZero();
    }

    private static void closeQuietly(MemoryStore store) {
        try {
            store.close();
        } catch (RuntimeException e) {
            System.out.println("[disk full] close after a full disk: " + e);
        }
    }

    private static MemoryDraft draft(int k) {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = (float) Math.cos(k * 7 + d);
        }
        return MemoryDraft.of("memory " + k + " " + "y".repeat(2000)).embedding(v).metadata("k", (long) k)
                .metadata("tag", "full");
    }

    private static void assertConsistent(Namespace ns, Map<MemoryId, Integer> acknowledged, Set<Integer> failed) {
        assertThat(ns.count()).as("count").isEqualTo(acknowledged.size());
        assertThat(ns.count(Filter.eq("tag", "full"))).as("count by metadata").isEqualTo(acknowledged.size());
        List<MemoryId> listed = new ArrayList<>();
        ListQuery q = ListQuery.first(1000);
        while (true) {
            Page<Memory> page = ns.list(q);
            page.items().forEach(m -> listed.add(m.id()));
            if (page.nextCursor().isEmpty()) {
                break;
            }
            q = q.after(page.nextCursor().get());
        }
        assertThat(listed).as("list").containsExactlyInAnyOrderElementsOf(acknowledged.keySet());
        List<Match> hits = ns.search(Search.vector(draft(0).embedding()).topK(1000));
        assertThat(hits.stream().map(h -> h.memory().id()).collect(Collectors.toSet())).as("search")
                .isEqualTo(acknowledged.keySet());
        for (Map.Entry<MemoryId, Integer> e : acknowledged.entrySet()) {
            Memory m = ns.get(e.getKey()).orElseThrow(() -> new AssertionError("acknowledged, not found: " + e));
            assertThat(m.metadata().getLong("k")).as("metadata with its memory").contains((long) e.getValue());
        }
        for (int k : failed) {
            assertThat(ns.count(Filter.eq("k", (long) k))).as("a failed write is not visible").isZero();
        }
    }
}
