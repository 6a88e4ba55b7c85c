package dev.agentmemory.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metric;
import dev.agentmemory.Search;
import dev.agentmemory.ValidationException;
import dev.agentmemory.spi.ChangeBatch;
import dev.agentmemory.spi.ChangeFeed;
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
 * namespace: vectors in one contiguous array (raw, with their norms), exact top-k by a
 * bounded heap, split across threads for large namespaces, and an optional HNSW graph.
 *
 * <p>Freshness: before every search the index reads the namespace's change counter (one
 * primary-key lookup) and, if the database is ahead, applies every row and tombstone with a
 * higher seq, read in one snapshot. Writers bump that counter in their own transaction, and
 * its row lock orders commits, so a counter value {@code S} in a snapshot means every write
 * up to {@code S} is committed and visible. Hence a search sees every write acknowledged
 * before it started, from any thread or any store instance on the same database. With
 * {@link IndexSettings#stalenessNanos()} above zero the read is skipped while the last one is
 * younger than that and this store has written nothing since.
 *
 * <p>Slots are stable while a memory lives: a deleted memory's slot is freed (its expiry set
 * to {@code Long.MIN_VALUE}, so every scan skips it) and reused by a later insert. The HNSW
 * graph names nodes by slot, which this stability allows.
 */
final class NamespaceIndex {
    private static final long FREE = Long.MIN_VALUE;

    private final String tenant;
    private final String namespace;
    private final IndexSettings settings;
    private final ScanPool pool;
    private final ReentrantLock refreshLock = new ReentrantLock();
    private final ReentrantReadWriteLock dataLock = new ReentrantReadWriteLock();

    // Guarded by dataLock.
    private int dimension = -1;
    private float[] vectors = new float[0];
    private float[] norms = new float[0];
    /** Expiry in epoch micros per slot; MAX_VALUE for never, FREE for a free slot. */
    private long[] expires = new long[0];
    private IndexedRow[] rows = new IndexedRow[0];
    /** Slots [0, end) have been used; some may be free. */
    private int end;
    private int live;
    private int[] free = new int[0];
    private int freeCount;
    private final Map<MemoryId, Integer> slots = new HashMap<>();
    private HnswGraph graph;

    /** The counter value applied so far; -1 until the first load. Written under both locks. */
    private volatile long watermark = -1;
    /** When the counter was last read (System.nanoTime), and this store's write count then. */
    private volatile long lastCheckNanos;
    private volatile long lastCheckEpoch = -1;

    NamespaceIndex(String tenant, String namespace) {
        this(tenant, namespace, IndexSettings.EXACT, null);
    }

    NamespaceIndex(String tenant, String namespace, IndexSettings settings, ScanPool pool) {
        this.tenant = tenant;
        this.namespace = namespace;
        this.settings = settings;
        this.pool = pool;
    }

    /** Brings the index up to the database's current state. */
    void refresh(ChangeFeed feed) {
        refresh(feed, -1);
    }

    /**
     * Brings the index up to the database's current state, or, with a staleness bound set,
     * trusts the last check if it is young enough and {@code writeEpoch} (this store's count
     * of finished writes, -1 if unknown) has not moved since.
     *
     * @param feed a feed whose every call reads one snapshot of its own
     */
    void refresh(ChangeFeed feed, long writeEpoch) {
        long staleness = settings.stalenessNanos();
        if (staleness > 0 && writeEpoch >= 0 && watermark >= 0 && writeEpoch == lastCheckEpoch
                && System.nanoTime() - lastCheckNanos < staleness) {
            return;
        }
        long started = System.nanoTime();
        refreshUpTo(feed, Long.MAX_VALUE);
        lastCheckNanos = started;
        lastCheckEpoch = writeEpoch;
    }

    /**
     * Brings the index up to {@code committed} from inside a write transaction that holds the
     * namespace's lock: every write up to {@code committed} is committed, and the rows after
     * it are this transaction's own, which must not enter the index before they commit.
     *
     * @param session the write transaction's own session
     */
    void catchUp(ChangeFeed session, long committed) {
        refreshUpTo(session, committed);
    }

    private void refreshUpTo(ChangeFeed feed, long upTo) {
        if (watermark >= 0) {
            // The freshness check before every search: one primary-key read.
            long current = Math.min(upTo, feed.currentSequence(tenant, namespace));
            if (current <= watermark) {
                return;
            }
        }
        refreshLock.lock();
        try {
            long from = Math.max(watermark, 0);
            ChangeBatch batch = feed.changesSince(tenant, namespace, from);
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
            maintainGraph();
            watermark = sequence;
        } finally {
            dataLock.writeLock().unlock();
        }
    }

    private void clear() {
        slots.clear();
        Arrays.fill(rows, null);
        Arrays.fill(expires, FREE);
        end = 0;
        live = 0;
        freeCount = 0;
        dimension = -1;
        graph = null;
    }

    /** Builds the graph past the threshold, rebuilds it when stale, drops it well below. */
    private void maintainGraph() {
        if (graph == null && live >= settings.hnswThreshold()) {
            buildGraph();
        } else if (graph != null && live < settings.hnswThreshold() / 2) {
            graph = null;
        } else if (graph != null && graph.staleLinks() > Math.max(1024, live / 4)) {
            buildGraph();
        }
    }

    private void buildGraph() {
        HnswGraph g = new HnswGraph(settings.hnswM(), settings.efConstruction());
        g.attach(vectors, norms, dimension);
        for (int i = 0; i < end; i++) {
            if (expires[i] != FREE) {
                g.insert(i);
            }
        }
        graph = g;
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
        boolean moved;
        if (slot == null) {
            at = allocate();
            slots.put(m.id(), at);
            live++;
            moved = true;
        } else {
            at = slot;
            moved = !Arrays.equals(vectors, at * dimension, (at + 1) * dimension, v, 0, dimension);
        }
        System.arraycopy(v, 0, vectors, at * dimension, dimension);
        norms[at] = VectorMath.norm(v, 0, dimension);
        Instant expiresAt = m.expiresAt().orElse(null);
        expires[at] = expiresAt == null ? Long.MAX_VALUE : FilterEvaluator.micros(expiresAt);
        rows[at] = new IndexedRow(m.id(), m.content(), m.metadata(), m.createdAt(), m.updatedAt(),
                FilterEvaluator.micros(m.createdAt()), FilterEvaluator.micros(m.updatedAt()), m.version(), expiresAt);
        if (graph != null && moved) {
            graph.insert(at);
        }
    }

    private int allocate() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        ensureCapacity(end + 1);
        return end++;
    }

    private void remove(MemoryId id) {
        Integer slot = slots.remove(id);
        if (slot == null) {
            return;
        }
        int at = slot;
        rows[at] = null;
        expires[at] = FREE;
        live--;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, Math.max(16, free.length * 2));
        }
        free[freeCount++] = at;
        if (graph != null) {
            graph.markDeleted();
        }
    }

    private void ensureCapacity(int needed) {
        if (needed <= rows.length) {
            return;
        }
        int old = rows.length;
        int capacity = Math.max(16, Math.max(needed, old + (old >> 1)));
        rows = Arrays.copyOf(rows, capacity);
        norms = Arrays.copyOf(norms, capacity);
        expires = Arrays.copyOf(expires, capacity);
        Arrays.fill(expires, old, capacity, FREE);
        vectors = Arrays.copyOf(vectors, capacity * dimension);
        if (graph != null) {
            graph.attach(vectors, norms, dimension);
        }
    }

    /**
     * Top-k over the current contents; call {@link #refresh} first. Exact unless the
     * namespace has an HNSW graph and the search is a cosine one; see
     * {@link dev.agentmemory.StoreConfig.Builder#hnsw} for how filters are honoured then.
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
            if (live == 0) {
                return List.of();
            }
            if (q.length != dimension) {
                throw new ValidationException(ErrorCode.DIMENSION_MISMATCH, "query vector has " + q.length
                        + " dimensions, the namespace holds " + dimension + "; embed the query with the same model");
            }
            ExactScan scan = new ExactScan(vectors, norms, expires, rows, dimension, q, search.metric(),
                    search.minScore(), search.topK(), filter, among, nowMicros, VectorMath.KERNEL);
            TopK top = null;
            if (among != null && among.size() * 8L < live) {
                top = scanAmong(scan, among); // a small restriction: score just those
            } else if (graph != null && search.metric() == Metric.COSINE) {
                top = graphSearch(scan, q, search.topK(), filter != null || among != null);
            }
            if (top == null) {
                top = scan.scan(end, pool, settings.parallelScanThreshold());
            }
            return matches(top);
        } finally {
            dataLock.readLock().unlock();
        }
    }

    private TopK scanAmong(ExactScan scan, Set<MemoryId> among) {
        int[] chosen = new int[among.size()];
        int n = 0;
        for (MemoryId id : among) {
            Integer slot = slots.get(id);
            if (slot != null) {
                chosen[n++] = slot;
            }
        }
        return scan.scan(chosen, n);
    }

    /**
     * The graph search, or null to fall back to the exact scan: when it found fewer than k
     * memories that pass the filter, the restriction and expiry (a selective filter).
     */
    private TopK graphSearch(ExactScan scan, float[] q, int k, boolean restricted) {
        int ef = Math.max(settings.efSearch(), restricted ? 2 * k : k);
        // Past this many expanded nodes the exact scan costs about the same.
        int budget = Math.max(10 * ef, live / 8);
        int[] found = graph.search(q, VectorMath.norm(q, 0, q.length), ef, scan::accepts, budget);
        if (found.length < k) {
            return null;
        }
        return scan.scan(found, found.length);
    }

    private List<Match> matches(TopK top) {
        int[] best = top.slotsBestFirst();
        double[] scores = top.scoresBestFirst();
        List<Match> out = new ArrayList<>(best.length);
        for (int k = 0; k < best.length; k++) {
            out.add(new Match(memory(best[k]), scores[k]));
        }
        return out;
    }

    private Memory memory(int slot) {
        IndexedRow r = rows[slot];
        float[] v = Arrays.copyOfRange(vectors, slot * dimension, (slot + 1) * dimension);
        return new Memory(r.id(), tenant, namespace, r.content(), v, r.metadata(), r.createdAt(), r.updatedAt(),
                r.version(), r.expiresAt());
    }

    // ---- for the benchmarks (module bench, same package): the kernels without the store around them

    /** The exact top-k slots for a cosine query with the given kernel, on one thread or on the pool. */
    int[] exactSlots(float[] q, int k, VectorKernel kernel, boolean parallel) {
        dataLock.readLock().lock();
        try {
            ExactScan scan = new ExactScan(vectors, norms, expires, rows, dimension, q, Metric.COSINE, -1, k, null, null,
                    0, kernel);
            TopK top = parallel ? scan.scan(end, pool, 1) : scan.scan(0, end);
            return top.slotsBestFirst();
        } finally {
            dataLock.readLock().unlock();
        }
    }

    /** The graph's top-k slots for a cosine query with beam width {@code ef}. */
    int[] graphSlots(float[] q, int k, int ef) {
        dataLock.readLock().lock();
        try {
            int[] found = graph.search(q, VectorMath.norm(q, 0, q.length), Math.max(ef, k), i -> expires[i] > 0,
                    Integer.MAX_VALUE);
            return Arrays.copyOf(found, Math.min(k, found.length));
        } finally {
            dataLock.readLock().unlock();
        }
    }

    /** The memory id in a slot. */
    MemoryId idAt(int slot) {
        dataLock.readLock().lock();
        try {
            return rows[slot].id();
        } finally {
            dataLock.readLock().unlock();
        }
    }

    /** The number of vectors held. */
    int size() {
        dataLock.readLock().lock();
        try {
            return live;
        } finally {
            dataLock.readLock().unlock();
        }
    }

    /** True if searches go through an HNSW graph now. */
    boolean hasGraph() {
        dataLock.readLock().lock();
        try {
            return graph != null;
        } finally {
            dataLock.readLock().unlock();
        }
    }

    /** Bytes held per live vector: the vector arrays and, if any, the graph's links. */
    double bytesPerVector(boolean withGraph) {
        dataLock.readLock().lock();
        try {
            if (live == 0) {
                return 0;
            }
            long bytes = (long) vectors.length * 4 + (long) norms.length * 4 + (long) expires.length * 8;
            if (withGraph && graph != null) {
                bytes += graph.linkBytes();
            }
            return (double) bytes / live;
        } finally {
            dataLock.readLock().unlock();
        }
    }
}
