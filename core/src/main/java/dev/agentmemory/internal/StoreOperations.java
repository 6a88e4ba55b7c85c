package dev.agentmemory.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryNotFoundException;
import dev.agentmemory.ValidationException;
import dev.agentmemory.VersionConflictException;
import dev.agentmemory.spi.StorageSession;
import dev.agentmemory.spi.StoredMemory;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Thread-safe: share one instance. The write protocol, run inside a storage transaction: every
 * write takes the next values of its namespace's change counter and stamps its rows (and
 * tombstones) with them, which is what keeps every search index fresh.
 *
 * <p>Arguments are validated by the caller; the checks here are the ones that need the
 * database (dimension, version, existence).
 */
final class StoreOperations {
    private final Clock clock;

    StoreOperations(Clock clock) {
        this.clock = clock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Inserts drafts under ids chosen by the caller.
     *
     * @param ids one per draft, chosen before the first attempt: they are the write's
     *     idempotency key
     * @param retry true if an earlier attempt of this write may have committed (its outcome is
     *     unknown); then the first id is looked up first, and if it is there the earlier attempt
     *     committed the whole batch (one transaction) and nothing is written again
     */
    List<MemoryId> insert(StorageSession s, String tenant, String namespace, List<MemoryDraft> drafts,
            List<MemoryId> ids, boolean retry) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        if (retry && !s.find(tenant, namespace, List.of(ids.get(0))).isEmpty()) {
            return ids;
        }
        s.ensureNamespace(tenant, namespace);
        int n = drafts.size();
        long last = s.advanceSequence(tenant, namespace, n);
        int dim = drafts.get(0).embedding().length;
        OptionalInt fixed = s.dimension(tenant, namespace);
        if (fixed.isEmpty()) {
            s.setDimension(tenant, namespace, dim);
        } else {
            checkDimension("embedding", dim, fixed.getAsInt());
        }
        Instant now = now();
        List<StoredMemory> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            MemoryDraft d = drafts.get(i);
            Memory m = new Memory(ids.get(i), tenant, namespace, d.content(), d.embedding(), d.metadata(), now, now, 1);
            rows.add(new StoredMemory(m, last - n + 1 + i));
        }
        s.insert(rows);
        return ids;
    }

    /** {@code n} new ids, in time order. */
    static List<MemoryId> newIds(int n) {
        List<MemoryId> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(MemoryId.generate());
        }
        return List.copyOf(ids);
    }

    /**
     * Replaces a memory if its version matches.
     *
     * @param namespace the namespace it must be in, or null for any namespace of the tenant
     */
    Memory update(StorageSession s, String tenant, String namespace, MemoryId id, long expectedVersion,
            MemoryDraft draft, boolean retry) {
        Memory current = find(s, tenant, namespace, id);
        if (retry && current.version() == expectedVersion + 1 && sameState(current, draft)) {
            // An earlier attempt whose outcome was unknown did commit: that is our write.
            return current;
        }
        if (current.version() != expectedVersion) {
            throw new VersionConflictException(id, expectedVersion, current.version());
        }
        String ns = current.namespace();
        long seq = s.advanceSequence(tenant, ns, 1);
        OptionalInt fixed = s.dimension(tenant, ns);
        if (fixed.isPresent()) {
            checkDimension("embedding", draft.embedding().length, fixed.getAsInt());
        }
        Instant now = now();
        Instant minimum = current.updatedAt().plus(1, ChronoUnit.MICROS);
        Instant updatedAt = now.isBefore(minimum) ? minimum : now; // strictly increasing per memory
        Memory next = new Memory(id, tenant, ns, draft.content(), draft.embedding(), draft.metadata(),
                current.createdAt(), updatedAt, expectedVersion + 1);
        if (!s.replace(new StoredMemory(next, seq), expectedVersion)) {
            // Another writer committed between the read and the write (possible on servers
            // with read committed isolation): report the version it left.
            throw new VersionConflictException(id, expectedVersion, find(s, tenant, ns, id).version());
        }
        return next;
    }

    /**
     * Deletes one memory.
     *
     * @param namespace the namespace it must be in, or null for any namespace of the tenant
     */
    boolean delete(StorageSession s, String tenant, String namespace, MemoryId id) {
        String ns = namespace;
        if (ns == null) {
            List<StoredMemory> found = s.find(tenant, null, List.of(id));
            if (found.isEmpty()) {
                return false;
            }
            ns = found.get(0).memory().namespace();
        }
        long seq = s.advanceSequence(tenant, ns, 1);
        return seq > 0 && s.delete(tenant, ns, List.of(id), seq) > 0;
    }

    long deleteWhere(StorageSession s, String tenant, String namespace, Filter filter) {
        List<MemoryId> ids = s.findIds(tenant, namespace, filter);
        if (ids.isEmpty()) {
            return 0;
        }
        long last = s.advanceSequence(tenant, namespace, ids.size());
        return last == 0 ? 0 : s.delete(tenant, namespace, ids, last - ids.size() + 1);
    }

    private static boolean sameState(Memory m, MemoryDraft draft) {
        return m.content().equals(draft.content()) && java.util.Arrays.equals(m.embedding(), draft.embedding())
                && m.metadata().equals(draft.metadata());
    }

    private static Memory find(StorageSession s, String tenant, String namespace, MemoryId id) {
        List<StoredMemory> found = s.find(tenant, namespace, List.of(id));
        if (found.isEmpty()) {
            throw new MemoryNotFoundException(id);
        }
        return found.get(0).memory();
    }

    static void checkDimension(String what, int actual, int fixed) {
        if (actual != fixed) {
            throw new ValidationException(ErrorCode.DIMENSION_MISMATCH, what + " has " + actual
                    + " dimensions, the namespace holds " + fixed + "; use the embedding model the namespace was started with");
        }
    }
}
