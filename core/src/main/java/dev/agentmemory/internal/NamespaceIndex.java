package dev.agentmemory.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import dev.agentmemory.Search;
import dev.agentmemory.ValidationException;
import dev.agentmemory.spi.ChangeBatch;
import dev.agentmemory.spi.SessionWork;
import dev.agentmemory.spi.StorageEngine;
import dev.agentmemory.spi.StorageSession;
import dev.agentmemory.spi.StoredMemory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Thread-safe: share one instance per namespace. The in-process search index of one
 * namespace: vectors in one contiguous array, exact top-k by a bounded heap.
 *
 * <p>Freshness: before every search the index reads the namespace's change counter (one
 * primary-key lookup) and, if the database is ahead, applies every row and tombstone with a
 * higher seq, read in one snapshot. Writers bump that counter in their own transaction, and
 * its row lock orders commits, so a counter value {@code S} in a snapshot means every write
 * up to {@code S} is committed and visible. Hence a search sees every write acknowledged
 * before it started, from any thread or any store instance on the same database.
 */
final class NamespaceIndex {
    private final String tenant;
    private final String namespace;
    private final ReentrantLock refreshLock = new ReentrantLock();
    private final ReentrantReadWriteLock dataLock = new ReentrantReadWriteLock();

    // Guarded by dataLock.
    private int dimension = -1;
    private float[] vectors = new float[0];
    private float[] norms = new float[0];
    private Row[] rows = new Row[0];
    private int size;
    private final Map<MemoryId, Integer> slots = new HashMap<>();

    /** The counter value applied so far; -1 until the first load. Written under both locks. */
    private volatile long watermark = -1;

    /** What the index keeps of a memory besides its vector. */
    private record Row(MemoryId id, String content, Metadata metadata, Instant createdAt, Instant updatedAt,
            long createdMicros, long updatedMicros, long version, Instant expiresAt, long expiresMicros) {
        boolean liveAt(long nowMicros) {
            return expiresMicros > nowMicros;
        }
    }

    /** Runs read work: on an engine (its own transaction) or on a session already open. */
    interface Reader {
        <T> T read(SessionWork<T> work);
    }

    NamespaceIndex(String tenant, String namespace) {
        this.tenant = tenant;
        this.namespace = namespace;
    }

    /** Brings the index up to the database's current state. */
    void refresh(StorageEngine engine) {
        refresh(engine::read);
    }

    /**
     * Brings the index up to {@code committed} from inside a write transaction that holds the
     * namespace's lock: every write up to {@code committed} is committed, and the rows after
     * it are this transaction's own, which must not enter the index before they commit.
     */
    void refresh(StorageSession session, long committed) {
        refresh(new Reader() {
            @Override
            public <T> T read(SessionWork<T> work) {
                return work.run(session);
            }
        }, committed);
    }

    private void refresh(Reader engine) {
        refresh(engine, Long.MAX_VALUE);
    }

    private void refresh(Reader engine, long upTo) {
        if (watermark >= 0) {
            long current = Math.min(upTo, engine.read(s -> s.currentSequence(tenant, namespace)));
            if (current <= watermark) {
                return;
            }
        }
        refreshLock.lock();
        try {
            long from = Math.max(watermark, 0);
            ChangeBatch batch = engine.read(s -> s.changesSince(tenant, namespace, from));
            long sequence = Math.min(upTo, batch.sequence());
            if (sequence <= watermark) {
                return; // another thread applied a newer snapshot while this one waited
            }
            apply(batch, from == 0, sequence);
        } finally {
            refreshLock.unlock();
        }
    }

    private void apply(ChangeBatch batch, boolean fullLoad, long sequence) {
        dataLock.writeLock().lock();
        try {
            if (fullLoad) {
                clear();
            }
            for (MemoryId id : batch.deletions()) {
                remove(id);
            }
            for (StoredMemory row : batch.upserts()) {
                if (row.seq() <= sequence) {
                    upsert(row.memory());
                }
            }
            watermark = sequence;
        } finally {
            dataLock.writeLock().unlock();
        }
    }

    private void clear() {
        slots.clear();
        Arrays.fill(rows, 0, size, null);
        size = 0;
        dimension = -1;
    }

    private void upsert(Memory m) {
        float[] v = m.embedding();
        if (dimension < 0) {
            dimension = v.length;
        }
        if (v.length != dimension) {
            // The database fixes one dimension per namespace, so this means a corrupt row: skip it loudly.
            throw new IllegalStateException("memory " + m.id() + " in " + tenant + "/" + namespace + " has "
                    + v.length + " dimensions, the index holds " + dimension);
        }
        Integer slot = slots.get(m.id());
        int at;
        if (slot == null) {
            ensureCapacity(size + 1);
            at = size++;
            slots.put(m.id(), at);
        } else {
            at = slot;
        }
        System.arraycopy(v, 0, vectors, at * dimension, dimension);
        norms[at] = VectorMath.norm(v, 0, dimension);
        Instant expires = m.expiresAt().orElse(null);
        rows[at] = new Row(m.id(), m.content(), m.metadata(), m.createdAt(), m.updatedAt(),
                FilterEvaluator.micros(m.createdAt()), FilterEvaluator.micros(m.updatedAt()), m.version(), expires,
                expires == null ? Long.MAX_VALUE : FilterEvaluator.micros(expires));
    }

    private void remove(MemoryId id) {
        Integer slot = slots.remove(id);
        if (slot == null) {
            return;
        }
        int last = --size;
        if (slot != last) {
            // Swap the last row into the hole so the array stays dense.
            System.arraycopy(vectors, last * dimension, vectors, slot * dimension, dimension);
            norms[slot] = norms[last];
            rows[slot] = rows[last];
            slots.put(rows[slot].id(), slot);
        }
        rows[last] = null;
    }

    private void ensureCapacity(int needed) {
        if (needed <= rows.length) {
            return;
        }
        int capacity = Math.max(16, Math.max(needed, rows.length + (rows.length >> 1)));
        rows = Arrays.copyOf(rows, capacity);
        norms = Arrays.copyOf(norms, capacity);
        vectors = Arrays.copyOf(vectors, capacity * dimension);
    }

    /**
     * Exact top-k over the current contents; call {@link #refresh} first.
     *
     * @param nowMicros memories expired at this time are skipped
     * @param among only these memories, or null for all
     * @throws ValidationException if the query's dimension differs from the namespace's
     */
    List<Match> search(Search search, long nowMicros, Set<MemoryId> among) {
        float[] q = search.vector();
        Filter filter = search.filter().orElse(null);
        dataLock.readLock().lock();
        try {
            if (size == 0) {
                return List.of();
            }
            if (q.length != dimension) {
                throw new ValidationException(ErrorCode.DIMENSION_MISMATCH, "query vector has " + q.length
                        + " dimensions, the namespace holds " + dimension + "; embed the query with the same model");
            }
            float queryNorm = VectorMath.norm(q, 0, q.length);
            TopK top = new TopK(search.topK());
            for (int i = 0; i < size; i++) {
                Row r = rows[i];
                if (!r.liveAt(nowMicros) || (among != null && !among.contains(r.id()))) {
                    continue;
                }
                if (filter != null && !FilterEvaluator.matches(filter, r.metadata(), r.createdMicros(), r.updatedMicros())) {
                    continue;
                }
                double score = VectorMath.score(search.metric(), vectors, i * dimension, norms[i], q, queryNorm);
                if (score >= search.minScore()) {
                    top.offer(i, score, r.id());
                }
            }
            int[] best = top.slotsBestFirst();
            double[] scores = top.scoresBestFirst();
            List<Match> out = new ArrayList<>(best.length);
            for (int k = 0; k < best.length; k++) {
                out.add(new Match(memory(best[k]), scores[k]));
            }
            return out;
        } finally {
            dataLock.readLock().unlock();
        }
    }

    private Memory memory(int slot) {
        Row r = rows[slot];
        float[] v = Arrays.copyOfRange(vectors, slot * dimension, (slot + 1) * dimension);
        return new Memory(r.id(), tenant, namespace, r.content(), v, r.metadata(), r.createdAt(), r.updatedAt(),
                r.version(), r.expiresAt());
    }

    /** The number of vectors held. */
    int size() {
        dataLock.readLock().lock();
        try {
            return size;
        } finally {
            dataLock.readLock().unlock();
        }
    }
}
