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
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 *
 * <p>The index keeps what a scan reads ({@link SlotStore}, or past the quantization threshold
 * {@link Int8Vectors} codes beside a slot store without floats); a search reads the memories of
 * its best candidates from the database through a {@link RowSource}, one query per search
 * unless its row cache ({@code RowCache}) holds them all, and drops a candidate the database
 * no longer returns (deleted or expired since the refresh) for the next one. An index has a
 * byte limit: a first load that would pass it stops, and the owner searches the namespace by
 * streaming it ({@link StreamedScan}) instead.
 */
public final class NamespaceIndex {
    /**
     * Heap an index takes besides its arrays (the object, its locks, the freshness state, the
     * names), counted in its {@link #weight()} so that an empty index weighs something too.
     */
    public static final long OVERHEAD_BYTES = 512;

    /**
     * Where a search reads its candidates' memories: one call per round with their ids, which
     * returns the live ones (in any order). Called on the searching thread, without a lock held.
     */
    @FunctionalInterface
    public interface RowSource {
        /**
         * The live memories among {@code ids}.
         *
         * @throws RuntimeException whatever the read throws
         */
        List<Memory> find(Collection<MemoryId> ids);

        /**
         * The live memories among {@code ids}, where each memory's embedding may be left out
         * (empty): the index puts its own copy of the vector back. The default is {@link #find}.
         *
         * @throws RuntimeException whatever the read throws
         */
        default List<Memory> findWithoutEmbeddings(Collection<MemoryId> ids) {
            return find(ids);
        }
    }

    /** Told of every full load: whether it completed, and how long it took. */
    @FunctionalInterface
    public interface LoadListener {
        /** A full load of {@code index} ended. */
        void loaded(NamespaceIndex index, boolean complete, long nanos);

        /** Ignores loads. */
        LoadListener NONE = (index, complete, nanos) -> { };
    }

    private final String tenant;
    private final String namespace;
    private final IndexSettings settings;
    private final ScanPool pool;
    private final VectorKernel kernel = VectorKernels.preferred();
    private static final Int8Kernel INT8 = Int8Kernels.preferred();
    private final Freshness freshness;
    private final Freshness.Target target = new Freshness.Target() {
        @Override
        public boolean apply(boolean fullLoad, List<MemoryId> deletions, List<Memory> upserts) {
            return NamespaceIndex.this.apply(fullLoad, deletions, upserts);
        }

        @Override
        public void loaded(boolean complete, long nanos) {
            if (complete) {
                trim();
            }
            loads.loaded(NamespaceIndex.this, complete, nanos);
        }
    };
    private final ReentrantReadWriteLock dataLock = new ReentrantReadWriteLock();
    private final long maxBytes;
    private final LoadListener loads;
    /** {@link #weight()} as of the last change, readable without the lock (the cache's weigher reads it). */
    private volatile long weight = OVERHEAD_BYTES;
    /** The weight the owner's cache last recorded (see {@link #weighed()}). */
    private volatile long weighed = -1;
    /** Memories the searches read, so the next search among them reads nothing; weighed into {@link #weight()}. */
    private final RowCache rowCache;

    // Guarded by dataLock.
    private final SlotStore store;
    /** The graph's builder (which holds the graph), or null while the namespace is searched exactly. */
    private HnswBuilder hnsw;
    /** The int8 codes of a quantized namespace (whose store then holds no floats), or null. */
    private Int8Vectors codes;

    /**
     * An empty index without a byte limit; the first refresh loads it.
     *
     * @param pool helpers for the exact scan of large namespaces, or null to scan on the caller alone
     * @throws NullPointerException if {@code settings} is null
     */
    public NamespaceIndex(String tenant, String namespace, IndexSettings settings, ScanPool pool) {
        this(tenant, namespace, settings, pool, Long.MAX_VALUE, LoadListener.NONE);
    }

    /**
     * An empty index; the first refresh loads it unless the namespace weighs more than
     * {@code maxBytes}.
     *
     * @param pool helpers for the exact scan of large namespaces, or null to scan on the caller alone
     * @param maxBytes the most a first load may bring in ({@link #weight()}); past it the load stops
     * @param loads told of every full load
     * @throws NullPointerException if {@code settings} or {@code loads} is null
     */
    public NamespaceIndex(String tenant, String namespace, IndexSettings settings, ScanPool pool, long maxBytes,
            LoadListener loads) {
        this.maxBytes = maxBytes;
        this.loads = Objects.requireNonNull(loads, "loads");
        this.tenant = tenant;
        this.namespace = namespace;
        this.settings = settings;
        this.pool = pool;
        this.freshness = new Freshness(tenant, namespace, settings.stalenessNanos());
        this.store = new SlotStore(tenant + "/" + namespace);
        this.rowCache = new RowCache(settings.rowCacheRows());
    }

    /**
     * Brings the index up to the database's current state.
     *
     * @param feed a feed whose every call reads one snapshot of its own
     * @return false if the namespace outgrew the byte limit: the index holds nothing, search it
     *     with {@link StreamedScan}
     * @throws IllegalStateException if a stored row has another dimension than the namespace's
     */
    public boolean refresh(ChangeFeed feed) {
        return refresh(feed, -1);
    }

    /**
     * Brings the index up to the database's current state, or, with a staleness bound set,
     * trusts the last check if it is young enough and {@code writeEpoch} (this store's count of
     * finished writes, -1 if unknown) has not moved since.
     *
     * @param feed a feed whose every call reads one snapshot of its own
     * @return false if the namespace outgrew the byte limit: the index holds nothing, search it
     *     with {@link StreamedScan}
     * @throws IllegalStateException if a stored row has another dimension than the namespace's
     */
    public boolean refresh(ChangeFeed feed, long writeEpoch) {
        return freshness.refresh(feed, writeEpoch, target);
    }

    /**
     * Brings the index up to {@code committed} from inside a write transaction that holds the
     * namespace's lock: every write up to {@code committed} is committed, and the rows after it
     * are this transaction's own, which must not enter the index before they commit.
     *
     * @param session the write transaction's own session
     * @return false if the namespace outgrew the byte limit (see {@link #refresh(ChangeFeed)})
     * @throws IllegalStateException if a stored row has another dimension than the namespace's
     */
    public boolean catchUp(ChangeFeed session, long committed) {
        return freshness.catchUp(session, committed, target);
    }

    private boolean apply(boolean fullLoad, List<MemoryId> deletions, List<Memory> upserts) {
        dataLock.writeLock().lock();
        try {
            if (fullLoad) {
                store.clear();
                hnsw = null;
                codes = null;
                rowCache.clear();
            }
            for (MemoryId id : deletions) {
                rowCache.remove(id);
                int slot = store.remove(id);
                if (slot >= 0 && hnsw != null) {
                    hnsw.graph().markDeleted();
                }
                if (slot >= 0 && codes != null) {
                    codes.free(slot);
                }
            }
            for (Memory m : upserts) {
                rowCache.remove(m.id());
                float[] v = m.embedding();
                int before = store.slotOf(m.id());
                boolean moved = before < 0 || !store.holds(before, v);
                int at = store.put(IndexedRow.of(m), v);
                if (codes != null) {
                    codes.set(at, v);
                }
                if (hnsw != null && moved) {
                    hnsw.insert(at);
                }
            }
            maintainQuantization();
            maintainGraph();
            weight = computeWeight();
            return weight() <= maxBytes;
        } finally {
            dataLock.writeLock().unlock();
        }
    }

    private void trim() {
        dataLock.writeLock().lock();
        try {
            store.trim();
            if (codes != null) {
                codes.trim();
            }
            weight = computeWeight();
        } finally {
            dataLock.writeLock().unlock();
        }
    }

    private long computeWeight() {
        return OVERHEAD_BYTES + scanBytes() + store.metadataBytes();
    }

    private long scanBytes() {
        return store.bytes() + (hnsw == null ? 0 : hnsw.graph().linkBytes()) + (codes == null ? 0 : codes.bytes());
    }

    /**
     * Past the quantization threshold, swaps the float vectors for int8 codes. A namespace that
     * shrinks again stays quantized (the floats are gone) until its index is next loaded.
     */
    private void maintainQuantization() {
        if (codes == null && store.live() >= settings.quantizeThreshold()) {
            codes = Int8Vectors.of(store);
            store.dropVectors();
            hnsw = null;
        }
    }

    /** Builds the graph past the threshold, rebuilds it when stale, drops it well below. */
    private void maintainGraph() {
        if (codes != null) {
            return; // a quantized namespace is scanned exactly, through its codes
        }
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
     * <p>The best candidates' memories come from the row cache when it holds them at the version
     * the index holds, and the others are read through {@code rows} in one call, without their
     * embeddings; a candidate it does not return, or that no longer passes the filter, gives its
     * place to the next one (a few more than topK are taken for that, and more in another round
     * if needed), so a result is never a memory deleted before the search began. A quantized
     * index picks {@code oversampling} times as many candidates by the codes, reads them with
     * their embeddings and ranks them by exact score.
     *
     * @param nowMicros memories expired at this time are skipped
     * @param among only these memories, or null for all
     * @param rows where the candidates' memories are read
     * @throws ValidationException if the query's dimension differs from the namespace's
     */
    public List<Match> search(Search search, long nowMicros, Set<MemoryId> among, RowSource rows) {
        int k = search.topK();
        Filter filter = search.filter().orElse(null);
        int want = k + Math.max(2, k / 4);
        while (true) {
            Candidates c = candidates(search, nowMicros, among, want);
            if (c.ids.length == 0) {
                return List.of();
            }
            if (c.vectors == null) {
                List<Match> out = rescored(c, rows, search, nowMicros);
                if (out.size() == k || c.ids.length < c.asked) {
                    return out;
                }
                want *= 2;
                continue;
            }
            Map<MemoryId, Memory> found = read(c, rows);
            List<Match> out = new ArrayList<>(Math.min(k, c.ids.length));
            for (int i = 0; i < c.ids.length && out.size() < k; i++) {
                Memory m = found.get(c.ids[i]);
                if (m != null && stillMatches(m, filter, nowMicros)) {
                    out.add(new Match(m, c.scores[i]));
                }
            }
            if (out.size() == k || c.ids.length < want) {
                return out;
            }
            want *= 2; // some were deleted since the refresh: look further down the ranking
        }
    }

    /**
     * The candidates' live memories by id, read without their embeddings: a memory whose version
     * and update time are still those the index holds gets the index's vector back; one changed
     * since the refresh (rare: a write between the refresh and this read) is read again whole, so
     * a result never pairs new content with an old vector.
     */
    private Map<MemoryId, Memory> read(Candidates c, RowSource rows) {
        Map<MemoryId, Memory> found = new HashMap<>(c.ids.length * 2);
        Map<MemoryId, Integer> missing = new HashMap<>(c.ids.length * 2);
        for (int i = 0; i < c.ids.length; i++) {
            Memory cached = rowCache.get(c.ids[i], c.versions[i], c.updated[i]);
            if (cached != null) {
                found.put(c.ids[i], withEmbedding(cached, c.vectors[i]));
            } else {
                missing.put(c.ids[i], i);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        List<MemoryId> changed = null;
        List<Memory> current = new ArrayList<>(missing.size());
        for (Memory m : rows.findWithoutEmbeddings(List.copyOf(missing.keySet()))) {
            Integer i = missing.get(m.id());
            if (i == null) {
                continue;
            }
            boolean same = m.version() == c.versions[i] && FilterEvaluator.micros(m.updatedAt()) == c.updated[i];
            if (same) {
                current.add(m);
            }
            if (m.dimension() > 0) {
                found.put(m.id(), m);
            } else if (same) {
                found.put(m.id(), withEmbedding(m, c.vectors[i]));
            } else {
                if (changed == null) {
                    changed = new ArrayList<>();
                }
                changed.add(m.id());
            }
        }
        if (changed != null) {
            for (Memory m : rows.find(changed)) {
                found.put(m.id(), m);
            }
        }
        cache(current);
        return found;
    }

    /**
     * Keeps memories just read, as current as the index, then takes out again any the index
     * dropped or changed meanwhile: a writer's {@link #apply} removes entries under the write
     * lock, so either it ran before this check, which then sees the change, or after the entry
     * went in, and removed it. A deleted memory's content so never stays in the heap.
     */
    private void cache(List<Memory> current) {
        if (rowCache.capacity() == 0 || current.isEmpty()) {
            return;
        }
        for (Memory m : current) {
            rowCache.put(m);
        }
        dataLock.readLock().lock();
        try {
            for (Memory m : current) {
                int slot = store.slotOf(m.id());
                if (slot < 0 || store.versions()[slot] != m.version()) {
                    rowCache.remove(m.id());
                }
            }
        } finally {
            dataLock.readLock().unlock();
        }
    }

    private static Memory withEmbedding(Memory m, float[] vector) {
        return new Memory(m.id(), m.tenant(), m.namespace(), m.content(), vector, m.metadata(), m.createdAt(),
                m.updatedAt(), m.version(), m.expiresAt().orElse(null));
    }

    /** The row as read now still passes what the index checked on its earlier state. */
    private static boolean stillMatches(Memory m, Filter filter, long nowMicros) {
        if (m.expiresAt().isPresent() && FilterEvaluator.micros(m.expiresAt().get()) <= nowMicros) {
            return false;
        }
        return filter == null || FilterEvaluator.matches(filter, m.metadata(), FilterEvaluator.micros(m.createdAt()),
                FilterEvaluator.micros(m.updatedAt()));
    }

    /**
     * The best candidates, best first: ids and scores, and as the index holds them their vectors,
     * versions and update times (for {@link #read}); of a quantized namespace, the best by the
     * codes' approximate scores, with {@code vectors} null.
     *
     * @param asked how many candidates the scan was asked for
     */
    private record Candidates(MemoryId[] ids, double[] scores, float[][] vectors, long[] versions, long[] updated,
            int asked) {
        static final Candidates NONE = new Candidates(new MemoryId[0], new double[0], new float[0][], new long[0],
                new long[0], 0);
    }

    /**
     * The second pass of a quantized search: the candidates' memories read with their
     * embeddings, the live ones that still pass the filter ranked by exact score (as a float
     * scan scores them), at or above the minimum score, best {@code topK} first.
     */
    private List<Match> rescored(Candidates c, RowSource rows, Search search, long nowMicros) {
        Filter filter = search.filter().orElse(null);
        Map<MemoryId, Memory> found = new HashMap<>(c.ids.length * 2);
        for (Memory m : rows.find(List.of(c.ids))) {
            found.put(m.id(), m);
        }
        List<Memory> live = new ArrayList<>(found.size());
        for (MemoryId id : c.ids) {
            Memory m = found.get(id);
            if (m != null && stillMatches(m, filter, nowMicros)) {
                live.add(m);
            }
        }
        int n = live.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] exact = new double[n];
        Rescorer.readingBack(asked -> {
            float[][] v = new float[asked.length][];
            for (int i = 0; i < asked.length; i++) {
                v[i] = live.get(asked[i]).embedding();
            }
            return v;
        }, search.vector(), search.metric(), kernel).score(order, n, exact);
        List<Match> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (exact[i] >= search.minScore()) {
                out.add(new Match(live.get(i), exact[i]));
            }
        }
        out.sort(Comparator.comparingDouble(Match::score).reversed().thenComparing(m -> m.memory().id()));
        return out.size() > search.topK() ? new ArrayList<>(out.subList(0, search.topK())) : out;
    }

    private Candidates candidates(Search search, long nowMicros, Set<MemoryId> among, int k) {
        float[] q = search.vector();
        Filter filter = search.filter().orElse(null);
        dataLock.readLock().lock();
        try {
            if (store.live() == 0) {
                return Candidates.NONE;
            }
            checkDimension(q.length, store.dimension());
            if (codes != null) {
                return quantizedCandidates(search, nowMicros, among, k);
            }
            ExactScan scan = new ExactScan(store, FloatVectorScorer.of(store, q, search.metric(), kernel), filter,
                    among, nowMicros, search.minScore(), k);
            TopK top = null;
            if (among != null && among.size() * 8L < store.live()) {
                top = scanAmong(scan, among); // a small restriction: score just those
            } else if (hnsw != null && search.metric() == Metric.COSINE) {
                top = graphSearch(scan, q, k, filter != null || among != null);
            }
            if (top == null) {
                top = scan.scan(store.end(), pool, settings.parallelScanThreshold());
            }
            int[] best = top.slotsBestFirst();
            MemoryId[] ids = new MemoryId[best.length];
            float[][] vectors = new float[best.length][];
            long[] versions = new long[best.length];
            long[] updated = new long[best.length];
            for (int i = 0; i < best.length; i++) {
                ids[i] = store.id(best[i]);
                vectors[i] = store.vector(best[i]);
                versions[i] = store.versions()[best[i]];
                updated[i] = store.updatedMicros()[best[i]];
            }
            return new Candidates(ids, top.scoresBestFirst(), vectors, versions, updated, k);
        } finally {
            dataLock.readLock().unlock();
        }
    }

    /**
     * The first pass of a quantized search, under the read lock: {@code oversampling} candidates
     * per result by the codes' approximate scores (the minimum score waits for the exact ones).
     */
    private Candidates quantizedCandidates(Search search, long nowMicros, Set<MemoryId> among, int k) {
        int asked = QuantizedSearch.candidates(k, settings.oversampling());
        QuantizedScorer approximate = QuantizedScorer.of(codes, search.vector(), search.metric(), INT8);
        ExactScan scan = new ExactScan(store, approximate, search.filter().orElse(null), among, nowMicros,
                Double.NEGATIVE_INFINITY, asked);
        TopK top = among != null && among.size() * 8L < store.live() ? scanAmong(scan, among)
                : scan.scan(store.end(), pool, settings.parallelScanThreshold());
        int[] best = top.slotsBestFirst();
        MemoryId[] ids = new MemoryId[best.length];
        for (int i = 0; i < best.length; i++) {
            ids[i] = store.id(best[i]);
        }
        return new Candidates(ids, top.scoresBestFirst(), null, null, null, asked);
    }

    /** @throws ValidationException if the query's dimension differs from the namespace's */
    static void checkDimension(int query, int held) {
        if (query != held) {
            throw new ValidationException(ErrorCode.DIMENSION_MISMATCH, "query vector has " + query
                    + " dimensions, the namespace holds " + held + "; embed the query with the same model");
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
     * Bytes of heap this index holds for scanning: the per-slot arrays (vectors, norms, expiry,
     * ids, timestamps, metadata references), the id table and, if there is one, the graph's
     * links. The metadata objects are {@link #metadataBytes()}.
     */
    public long bytes() {
        dataLock.readLock().lock();
        try {
            return scanBytes();
        } finally {
            dataLock.readLock().unlock();
        }
    }

    /** The estimated heap of the metadata this index keeps for filters. */
    public long metadataBytes() {
        dataLock.readLock().lock();
        try {
            return store.metadataBytes();
        } finally {
            dataLock.readLock().unlock();
        }
    }

    /**
     * What the index weighs against a budget: {@link #OVERHEAD_BYTES}, {@link #bytes()} and
     * {@link #metadataBytes()}, as of the last applied change. Reads no lock.
     */
    public long weight() {
        return weight + rowCache.bytes();
    }

    /**
     * Records that a cache weighed this index now, for {@link #reweighNeeded()}.
     *
     * @return {@link #weight()}
     */
    public long weighed() {
        long w = weight();
        weighed = w;
        return w;
    }

    /** True if the weight changed since the cache last weighed this index. */
    public boolean reweighNeeded() {
        return weighed != weight();
    }

    /** The tenant. */
    public String tenant() {
        return tenant;
    }

    /** The namespace. */
    public String namespace() {
        return namespace;
    }

    /** True if the index keeps int8 codes instead of float vectors now. */
    public boolean isQuantized() {
        dataLock.readLock().lock();
        try {
            return codes != null;
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
