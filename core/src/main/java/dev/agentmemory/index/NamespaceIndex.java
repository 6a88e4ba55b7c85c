package dev.agentmemory.index;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metric;
import dev.agentmemory.Search;
import dev.agentmemory.ValidationException;
import dev.agentmemory.spi.ChangeFeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Thread-safe: share one instance per namespace. The in-process search index of one namespace
 * over a {@link ChangeFeed}: it composes the freshness protocol ({@code Freshness}), the
 * {@link SlotStore}, the exact scan ({@link ExactScan} with a {@link FloatVectorScorer} and the
 * {@link TopK} collector, split across a {@link ScanPool} for large namespaces) and, past a size
 * threshold, an HNSW graph ({@link HnswGraph}, {@link HnswBuilder}, {@link HnswSearcher}).
 *
 * <p>Changes are applied under the write lock, searches run under the read lock, so a search
 * sees one applied batch or the next, never half of one.
 */
public final class NamespaceIndex {
    private final String tenant;
    private final String namespace;
    private final IndexSettings settings;
    private final ScanPool pool;
    private final VectorKernel kernel = VectorKernels.preferred();
    private final Freshness freshness;
    private final Freshness.Target target = this::apply;
    private final ReentrantReadWriteLock dataLock = new ReentrantReadWriteLock();

    // Guarded by dataLock.
    private final SlotStore store;
    /** The graph's builder (which holds the graph), or null while the namespace is searched exactly. */
    private HnswBuilder hnsw;

    /**
     * An empty index; the first refresh loads it.
     *
     * @param pool helpers for the exact scan of large namespaces, or null to scan on the caller alone
     * @throws NullPointerException if {@code settings} is null
     */
    public NamespaceIndex(String tenant, String namespace, IndexSettings settings, ScanPool pool) {
        this.tenant = tenant;
        this.namespace = namespace;
        this.settings = settings;
        this.pool = pool;
        this.freshness = new Freshness(tenant, namespace, settings.stalenessNanos());
        this.store = new SlotStore(tenant + "/" + namespace);
    }

    /**
     * Brings the index up to the database's current state.
     *
     * @param feed a feed whose every call reads one snapshot of its own
     * @throws IllegalStateException if a stored row has another dimension than the namespace's
     */
    public void refresh(ChangeFeed feed) {
        refresh(feed, -1);
    }

    /**
     * Brings the index up to the database's current state, or, with a staleness bound set,
     * trusts the last check if it is young enough and {@code writeEpoch} (this store's count of
     * finished writes, -1 if unknown) has not moved since.
     *
     * @param feed a feed whose every call reads one snapshot of its own
     * @throws IllegalStateException if a stored row has another dimension than the namespace's
     */
    public void refresh(ChangeFeed feed, long writeEpoch) {
        freshness.refresh(feed, writeEpoch, target);
    }

    /**
     * Brings the index up to {@code committed} from inside a write transaction that holds the
     * namespace's lock: every write up to {@code committed} is committed, and the rows after it
     * are this transaction's own, which must not enter the index before they commit.
     *
     * @param session the write transaction's own session
     * @throws IllegalStateException if a stored row has another dimension than the namespace's
     */
    public void catchUp(ChangeFeed session, long committed) {
        freshness.catchUp(session, committed, target);
    }

    private void apply(boolean fullLoad, List<MemoryId> deletions, List<Memory> upserts) {
        dataLock.writeLock().lock();
        try {
            if (fullLoad) {
                store.clear();
                hnsw = null;
            }
            for (MemoryId id : deletions) {
                if (store.remove(id) >= 0 && hnsw != null) {
                    hnsw.graph().markDeleted();
                }
            }
            for (Memory m : upserts) {
                float[] v = m.embedding();
                int before = store.slotOf(m.id());
                boolean moved = before < 0 || !store.holds(before, v);
                int at = store.put(IndexedRow.of(m), v);
                if (hnsw != null && moved) {
                    hnsw.insert(at);
                }
            }
            maintainGraph();
        } finally {
            dataLock.writeLock().unlock();
        }
    }

    /** Builds the graph past the threshold, rebuilds it when stale, drops it well below. */
    private void maintainGraph() {
        int live = store.live();
        if (hnsw == null && live >= settings.hnswThreshold()) {
            hnsw = HnswBuilder.build(store, settings.hnswM(), settings.efConstruction(), kernel);
        } else if (hnsw != null && live < settings.hnswThreshold() / 2) {
            hnsw = null;
        } else if (hnsw != null && hnsw.graph().staleLinks() > Math.max(1024, live / 4)) {
            hnsw = HnswBuilder.build(store, settings.hnswM(), settings.efConstruction(), kernel);
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
    public List<Match> search(Search search, long nowMicros, Set<MemoryId> among) {
        float[] q = search.vector();
        Filter filter = search.filter().orElse(null);
        dataLock.readLock().lock();
        try {
            if (store.live() == 0) {
                return List.of();
            }
            if (q.length != store.dimension()) {
                throw new ValidationException(ErrorCode.DIMENSION_MISMATCH, "query vector has " + q.length
                        + " dimensions, the namespace holds " + store.dimension()
                        + "; embed the query with the same model");
            }
            ExactScan scan = new ExactScan(store, FloatVectorScorer.of(store, q, search.metric(), kernel), filter,
                    among, nowMicros, search.minScore(), search.topK());
            TopK top = null;
            if (among != null && among.size() * 8L < store.live()) {
                top = scanAmong(scan, among); // a small restriction: score just those
            } else if (hnsw != null && search.metric() == Metric.COSINE) {
                top = graphSearch(scan, q, search.topK(), filter != null || among != null);
            }
            if (top == null) {
                top = scan.scan(store.end(), pool, settings.parallelScanThreshold());
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
            int slot = store.slotOf(id);
            if (slot >= 0) {
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
        int budget = Math.max(10 * ef, store.live() / 8);
        int[] found = hnsw.searcher().search(q, VectorKernels.norm(q, 0, q.length), ef, scan::accepts, budget);
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
            IndexedRow r = store.row(best[k]);
            Memory m = new Memory(r.id(), tenant, namespace, r.content(), store.vector(best[k]), r.metadata(),
                    r.createdAt(), r.updatedAt(), r.version(), r.expiresAt());
            out.add(new Match(m, scores[k]));
        }
        return out;
    }

    /** The number of memories held. */
    public int size() {
        dataLock.readLock().lock();
        try {
            return store.live();
        } finally {
            dataLock.readLock().unlock();
        }
    }

    /**
     * Bytes of heap this index holds for scanning: the vector, norm and expiry arrays and, if
     * there is one, the graph's links. The rows (content and metadata) are not counted.
     */
    public long bytes() {
        dataLock.readLock().lock();
        try {
            return store.vectorBytes() + (hnsw == null ? 0 : hnsw.graph().linkBytes());
        } finally {
            dataLock.readLock().unlock();
        }
    }

    /** True if searches go through an HNSW graph now. */
    public boolean hasGraph() {
        dataLock.readLock().lock();
        try {
            return hnsw != null;
        } finally {
            dataLock.readLock().unlock();
        }
    }
}
