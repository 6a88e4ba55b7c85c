package dev.agentmemory.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryNotFoundException;
import dev.agentmemory.Metadata;
import dev.agentmemory.NamespaceOptions;
import dev.agentmemory.NamespaceOptions.NearDuplicatePolicy;
import dev.agentmemory.ValidationException;
import dev.agentmemory.VersionConflictException;
import dev.agentmemory.index.FilterEvaluator;
import dev.agentmemory.spi.MemoryRef;
import dev.agentmemory.spi.NamespaceCounter;
import dev.agentmemory.spi.MemoryReader;
import dev.agentmemory.spi.WriteSession;
import dev.agentmemory.spi.StoredMemory;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Thread-safe: share one instance. The write protocol, run inside a storage transaction: every
 * write takes the next values of its namespace's change counter and stamps its rows (and
 * tombstones) with them, which is what keeps every search index fresh. The counter's row lock
 * also serializes the writers of a namespace, so the checks made under it (deduplication,
 * near-duplicates, chosen ids) cannot race.
 *
 * <p>Arguments are validated by the caller; the checks here are the ones that need the
 * database (dimension, version, existence, duplicates).
 */
final class StoreOperations {
    private final Clock clock;
    private final int historyVersions;
    private final java.util.concurrent.atomic.LongAdder dedupHits = new java.util.concurrent.atomic.LongAdder();

    StoreOperations(Clock clock, int historyVersions) {
        this.clock = clock;
        this.historyVersions = historyVersions;
    }

    /** Drafts not stored because their content or a near-duplicate was held already (first attempts only). */
    long dedupHits() {
        return dedupHits.sum();
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Finds the live memory nearest (cosine) to a vector among the committed memories of a namespace. */
    @FunctionalInterface
    interface Nearest {
        /**
         * @param committed the namespace's counter before this transaction advanced it: every
         *     write up to it is committed (the lock is held), every one after is this
         *     transaction's own
         */
        Optional<Match> find(WriteSession s, float[] vector, long committed);
    }

    /** What a namespace view writes with. */
    record WritePolicy(NamespaceOptions options, Nearest nearest) {}

    /**
     * Inserts drafts, deduplicating as the policy says.
     *
     * @param ids one per draft, chosen before the first attempt (a draft's own id wins): the
     *     write's idempotency key
     * @param retry true if an earlier attempt of this write may have committed (its outcome is
     *     unknown); then every id is looked up, and one found in the namespace with its draft's
     *     content is that earlier attempt's row, not written again
     * @return the id of each draft: its new id, or that of the memory that already held it
     */
    List<MemoryId> insert(WriteSession s, String tenant, String namespace, List<MemoryDraft> drafts,
            List<MemoryId> ids, boolean retry, WritePolicy policy) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        List<MemoryId> chosen = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            chosen.add(drafts.get(i).id().orElse(ids.get(i)));
        }
        int n = drafts.size();
        NamespaceCounter counter = s.advanceCreating(tenant, namespace, n);
        long last = counter.sequence();
        int dim = drafts.get(0).embedding().length;
        OptionalInt fixed = counter.dimension();
        if (fixed.isEmpty()) {
            s.setDimension(tenant, namespace, dim);
        } else {
            checkDimension("embedding", dim, fixed.getAsInt());
        }
        Instant now = now();
        NamespaceOptions options = policy.options();
        MemoryId[] result = new MemoryId[n];
        List<String> hashes = new ArrayList<>(n);
        for (MemoryDraft d : drafts) {
            hashes.add(options.exactDedup() ? ContentHash.of(d.content()) : null);
        }
        List<MemoryId> stale = new ArrayList<>();
        if (options.exactDedup()) {
            deduplicate(s, tenant, namespace, hashes, chosen, result, stale, now);
            if (!retry) {
                for (MemoryId held : result) {
                    if (held != null) {
                        dedupHits.increment();
                    }
                }
            }
        }
        checkChosenIds(s, tenant, namespace, drafts, chosen, retry, result, stale, now);
        removeExpired(s, tenant, namespace, stale);

        List<StoredMemory> rows = new ArrayList<>(n);
        long seq = last - n + 1;
        for (int i = 0; i < n; i++) {
            if (result[i] != null) {
                continue;
            }
            MemoryDraft d = drafts.get(i);
            if (options.nearDuplicatePolicy().isPresent() && policy.nearest() != null) {
                Optional<Match> near = policy.nearest().find(s, d.embedding(), last - n)
                        .filter(m -> m.score() >= options.nearDuplicateThreshold());
                if (near.isPresent()) {
                    result[i] = nearDuplicate(s, near.get(), d, options.nearDuplicatePolicy().get(), seq++, now);
                    if (!retry) {
                        dedupHits.increment();
                    }
                    continue;
                }
            }
            Memory m = new Memory(chosen.get(i), tenant, namespace, d.content(), d.embedding(), d.metadata(), now,
                    now, 1, expiry(d, options, now));
            rows.add(new StoredMemory(m, seq++, hashes.get(i)));
            result[i] = chosen.get(i);
        }
        s.insert(rows);
        return List.of(result);
    }

    /** Maps drafts whose content the namespace (or an earlier draft of the batch) holds to that memory. */
    private static void deduplicate(WriteSession s, String tenant, String namespace, List<String> hashes,
            List<MemoryId> chosen, MemoryId[] result, List<MemoryId> stale, Instant now) {
        Map<String, MemoryId> held = new HashMap<>();
        for (StoredMemory existing : s.findByContentHash(tenant, namespace, hashes)) {
            if (live(existing.memory(), now)) {
                held.put(existing.contentHash(), existing.memory().id());
            } else {
                stale.add(existing.memory().id()); // expired, not yet purged: it must make way
            }
        }
        Map<String, Integer> firstInBatch = new LinkedHashMap<>();
        for (int i = 0; i < hashes.size(); i++) {
            String h = hashes.get(i);
            MemoryId existing = held.get(h);
            Integer first = firstInBatch.putIfAbsent(h, i);
            if (existing != null) {
                result[i] = existing;
            } else if (first != null) {
                result[i] = chosen.get(first);
            }
        }
    }

    /**
     * Drafts that chose their id (every draft, on a retry): an id already stored with the same
     * content is this very write repeated; otherwise it is a conflict.
     */
    private static void checkChosenIds(WriteSession s, String tenant, String namespace, List<MemoryDraft> drafts,
            List<MemoryId> chosen, boolean all, MemoryId[] result, List<MemoryId> stale, Instant now) {
        List<MemoryId> explicit = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            if (result[i] == null && (all || drafts.get(i).id().isPresent())) {
                explicit.add(chosen.get(i));
            }
        }
        if (explicit.isEmpty()) {
            return;
        }
        Map<MemoryId, Memory> found = new HashMap<>();
        for (StoredMemory row : s.findAnyState(tenant, explicit)) {
            found.put(row.memory().id(), row.memory());
        }
        for (int i = 0; i < drafts.size(); i++) {
            Memory existing = result[i] == null ? found.get(chosen.get(i)) : null;
            if (existing == null) {
                continue;
            }
            boolean here = existing.namespace().equals(namespace);
            if (here && !live(existing, now)) {
                stale.add(existing.id());
            } else if (here && existing.content().equals(drafts.get(i).content())) {
                result[i] = existing.id();
            } else {
                throw new ValidationException(ErrorCode.ALREADY_EXISTS, "memory " + existing.id() + " exists already"
                        + (here ? " with other content" : " in namespace " + existing.namespace())
                        + "; choose another id, or update it");
            }
        }
    }

    private MemoryId nearDuplicate(WriteSession s, Match near, MemoryDraft draft, NearDuplicatePolicy policy,
            long seq, Instant now) {
        Memory existing = near.memory();
        switch (policy) {
            case RETURN_EXISTING:
                return existing.id();
            case REJECT:
                throw new ValidationException(ErrorCode.NEAR_DUPLICATE, String.format(
                        "memory %s is a near-duplicate (cosine %.4f); the namespace refuses near-duplicates",
                        existing.id(), near.score()));
            default:
                Metadata merged = existing.metadata();
                for (Map.Entry<String, Object> e : draft.metadata().asMap().entrySet()) {
                    merged = merged.with(e.getKey(), e.getValue());
                }
                // Re-read under the lock for the version the replace must match and the stored hash.
                StoredMemory row = findRow(s, existing.tenant(), existing.namespace(), existing.id());
                Memory current = row.memory();
                archive(s, current.tenant(), current.namespace(), List.of(current.id()), seq, false);
                Memory next = new Memory(current.id(), current.tenant(), current.namespace(), current.content(),
                        current.embedding(), merged, current.createdAt(), later(now, current), current.version() + 1,
                        current.expiresAt().orElse(null));
                if (!s.replace(new StoredMemory(next, seq, row.contentHash()), current.version())) {
                    throw new VersionConflictException(current.id(), current.version(),
                            find(s, current.tenant(), current.namespace(), current.id()).version());
                }
                return current.id();
        }
    }

    /**
     * Replaces a memory if its version matches.
     *
     * @param namespace the namespace it must be in, or null for any namespace of the tenant
     * @param retry true if an earlier attempt may have committed: finding exactly the
     *     replacement at the next version then means it did
     */
    Memory update(WriteSession s, String tenant, String namespace, MemoryId id, long expectedVersion,
            MemoryDraft draft, boolean retry) {
        StoredMemory row = findRow(s, tenant, namespace, id);
        Memory current = row.memory();
        if (retry && current.version() == expectedVersion + 1 && sameState(current, draft)) {
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
        String newHash = row.contentHash() == null ? null : ContentHash.of(draft.content());
        if (newHash != null && !newHash.equals(row.contentHash())) {
            for (StoredMemory other : s.findByContentHash(tenant, ns, List.of(newHash))) {
                if (live(other.memory(), now())) {
                    // Another memory holds this content already: the update stands, but this
                    // memory stops being the target of deduplication (the hash is unique).
                    newHash = null;
                } else {
                    removeExpired(s, tenant, ns, List.of(other.memory().id()));
                }
            }
        }
        Instant now = now();
        Instant expires = draft.expiresAt().orElse(draft.ttl().map(now::plus).orElse(current.expiresAt().orElse(null)));
        Memory next = new Memory(id, tenant, ns, draft.content(), draft.embedding(), draft.metadata(),
                current.createdAt(), later(now, current), expectedVersion + 1, expires);
        archive(s, tenant, ns, List.of(id), seq, false);
        if (!s.replace(new StoredMemory(next, seq, newHash), expectedVersion)) {
            // Another writer committed between the read and the write (possible on servers
            // with read committed isolation): report the version it left.
            throw new VersionConflictException(id, expectedVersion, find(s, tenant, ns, id).version());
        }
        return next;
    }

    /** Strictly after the memory's last update, so updated times order its versions. */
    private static Instant later(Instant now, Memory current) {
        Instant minimum = current.updatedAt().plus(1, ChronoUnit.MICROS);
        return now.isBefore(minimum) ? minimum : now;
    }

    private static boolean sameState(Memory m, MemoryDraft draft) {
        return m.content().equals(draft.content()) && Arrays.equals(m.embedding(), draft.embedding())
                && m.metadata().equals(draft.metadata());
    }

    /**
     * Deletes one memory.
     *
     * @param namespace the namespace it must be in, or null for any namespace of the tenant
     */
    boolean delete(WriteSession s, String tenant, String namespace, MemoryId id) {
        String ns = namespace;
        if (ns == null) {
            List<StoredMemory> found = s.find(tenant, null, List.of(id));
            if (found.isEmpty()) {
                return false;
            }
            ns = found.get(0).memory().namespace();
        }
        return deleteIds(s, tenant, ns, List.of(id)) > 0;
    }

    long deleteWhere(WriteSession s, String tenant, String namespace, Filter filter) {
        return deleteIds(s, tenant, namespace, s.findIds(tenant, namespace, filter));
    }

    /** Deletes memories of one namespace, archiving each and leaving a tombstone. */
    int deleteIds(WriteSession s, String tenant, String namespace, List<MemoryId> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        long last = s.advanceSequence(tenant, namespace, ids.size());
        if (last == 0) {
            return 0;
        }
        long first = last - ids.size() + 1;
        archive(s, tenant, namespace, ids, first, true);
        return s.delete(tenant, namespace, ids, first);
    }

    /** Deletes expired rows that stand in the way of a write (a unique content hash, a chosen id). */
    private void removeExpired(WriteSession s, String tenant, String namespace, List<MemoryId> ids) {
        if (!ids.isEmpty()) {
            deleteIds(s, tenant, namespace, List.copyOf(ids));
        }
    }

    /**
     * Purges expired memories, at most {@code limit}, with tombstones so that every index
     * drops them.
     *
     * @return the number purged
     */
    int purgeExpired(WriteSession s, int limit) {
        Map<String, List<MemoryRef>> byNamespace = new LinkedHashMap<>();
        for (MemoryRef ref : s.findExpired(FilterEvaluator.micros(now()), limit)) {
            byNamespace.computeIfAbsent(ref.tenant() + '/' + ref.namespace(), k -> new ArrayList<>()).add(ref);
        }
        int purged = 0;
        for (List<MemoryRef> refs : byNamespace.values()) {
            MemoryRef first = refs.get(0);
            purged += deleteIds(s, first.tenant(), first.namespace(), refs.stream().map(MemoryRef::id).toList());
        }
        return purged;
    }

    private void archive(WriteSession s, String tenant, String namespace, List<MemoryId> ids, long firstSeq,
            boolean deleted) {
        if (historyVersions == 0) {
            return;
        }
        s.archive(tenant, namespace, ids, firstSeq, deleted);
        for (MemoryId id : ids) {
            s.trimHistory(tenant, id, historyVersions);
        }
    }

    /** When a draft written now expires: its own expiry, else the namespace's time to live, else never. */
    private static Instant expiry(MemoryDraft d, NamespaceOptions options, Instant now) {
        if (d.expiresAt().isPresent()) {
            return d.expiresAt().get().truncatedTo(ChronoUnit.MICROS);
        }
        return d.ttl().or(options::ttl).map(now::plus).orElse(null);
    }

    private static boolean live(Memory m, Instant now) {
        return m.expiresAt().map(now::isBefore).orElse(true);
    }

    static Memory find(MemoryReader s, String tenant, String namespace, MemoryId id) {
        return findRow(s, tenant, namespace, id).memory();
    }

    private static StoredMemory findRow(MemoryReader s, String tenant, String namespace, MemoryId id) {
        List<StoredMemory> found = s.find(tenant, namespace, List.of(id));
        if (found.isEmpty()) {
            throw new MemoryNotFoundException(id);
        }
        return found.get(0);
    }

    /** {@code n} new ids, in time order. */
    static List<MemoryId> newIds(int n) {
        List<MemoryId> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(MemoryId.generate());
        }
        return List.copyOf(ids);
    }

    static void checkDimension(String what, int actual, int fixed) {
        if (actual != fixed) {
            throw new ValidationException(ErrorCode.DIMENSION_MISMATCH, what + " has " + actual
                    + " dimensions, the namespace holds " + fixed + "; use the embedding model the namespace was started with");
        }
    }
}
