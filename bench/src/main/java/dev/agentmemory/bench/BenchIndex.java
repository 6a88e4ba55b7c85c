package dev.agentmemory.bench;

import dev.agentmemory.MemoryId;
import dev.agentmemory.Metric;
import dev.agentmemory.index.ExactScan;
import dev.agentmemory.index.FloatVectorScorer;
import dev.agentmemory.index.HnswBuilder;
import dev.agentmemory.index.IndexedRow;
import dev.agentmemory.index.ScanPool;
import dev.agentmemory.index.SlotStore;
import dev.agentmemory.index.TopK;
import dev.agentmemory.index.VectorKernel;
import dev.agentmemory.index.VectorKernels;
import java.util.Arrays;

/**
 * Confined to the benchmark thread that builds it, then safe to search from many: the search
 * index's building blocks put together as a namespace index puts them (a slot store, the exact
 * scan with the float scorer and top-k collector on a scan pool, the HNSW graph built with the
 * same builder, kernel and seed), fed straight from arrays, so the benchmarks measure the search
 * kernels without a database or the freshness protocol around them.
 */
public final class BenchIndex implements AutoCloseable {
    private final SlotStore store;
    private final ScanPool pool;
    private final HnswBuilder hnsw;
    private final MemoryId[] ids;

    private BenchIndex(SlotStore store, ScanPool pool, HnswBuilder hnsw, MemoryId[] ids) {
        this.store = store;
        this.pool = pool;
        this.hnsw = hnsw;
        this.ids = ids;
    }

    /**
     * Builds an index over {@code vectors}; with {@code hnswM > 0} it also builds the graph.
     *
     * @param scanThreads threads of the parallel exact scan
     */
    public static BenchIndex build(float[][] vectors, int hnswM, int efConstruction, int scanThreads) {
        SlotStore store = new SlotStore("bench/bench");
        MemoryId[] ids = new MemoryId[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            ids[i] = MemoryId.generate();
            store.put(IndexedRow.bare(ids[i]), vectors[i]);
        }
        // Inserted in slot order, as a namespace index builds its graph: the same graph it would hold.
        HnswBuilder hnsw = hnswM > 0 ? HnswBuilder.build(store, Math.max(4, hnswM), Math.max(efConstruction, 16),
                VectorKernels.preferred()) : null;
        return new BenchIndex(store, new ScanPool(scanThreads, "bench"), hnsw, ids);
    }

    /** The name of the kernel searches use by default: scalar or vector-api-N. */
    public static String defaultKernel() {
        return VectorKernels.preferred().name();
    }

    /** True if the Vector API kernel can be used in this JVM. */
    public static boolean vectorApiAvailable() {
        return VectorKernels.vectorApi().isPresent();
    }

    /**
     * Exact cosine top-k as positions in the input array (slots equal positions: the store was
     * filled in order with no deletes).
     *
     * @throws IllegalStateException if {@code vectorApi} is asked for and this JVM lacks it
     */
    public int[] exact(float[] q, int k, boolean vectorApi, boolean parallel) {
        VectorKernel kernel = vectorApi ? VectorKernels.vectorApi().orElseThrow(() -> new IllegalStateException(
                "the Vector API kernel is not available; start the JVM with --add-modules jdk.incubator.vector"))
                : VectorKernels.scalar();
        ExactScan scan = new ExactScan(store, FloatVectorScorer.of(store, q, Metric.COSINE, kernel), null, null, 0, -1,
                k);
        TopK top = parallel ? scan.scan(store.end(), pool, 1) : scan.scan(0, store.end());
        return top.slotsBestFirst();
    }

    /**
     * HNSW top-k as positions in the input array, with beam width {@code ef}.
     *
     * @throws IllegalStateException if the index was built without a graph
     */
    public int[] hnsw(float[] q, int k, int ef) {
        if (hnsw == null) {
            throw new IllegalStateException("this bench index was built without a graph (hnswM 0)");
        }
        int[] found = hnsw.searcher().search(q, VectorKernels.norm(q, 0, q.length), Math.max(ef, k),
                i -> !store.isFree(i), Integer.MAX_VALUE);
        return Arrays.copyOf(found, Math.min(k, found.length));
    }

    /** Bytes per vector held by the exact index (the slot store's arrays and id table) and with the graph. */
    public double bytesPerVector(boolean withGraph) {
        if (store.live() == 0) {
            return 0;
        }
        long bytes = store.bytes() + (withGraph && hnsw != null ? hnsw.graph().linkBytes() : 0);
        return (double) bytes / store.live();
    }

    /** The id of input position i. */
    public MemoryId id(int i) {
        return ids[i];
    }

    @Override
    public void close() {
        pool.close();
    }
}
