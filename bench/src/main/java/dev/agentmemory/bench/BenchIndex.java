package dev.agentmemory.internal;

import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import dev.agentmemory.spi.ChangeBatch;
import dev.agentmemory.spi.ChangeFeed;
import dev.agentmemory.spi.StoredMemory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Confined to the benchmark thread that builds it, then safe to search from many: a
 * namespace index fed straight from arrays, so the benchmarks measure the search kernels
 * without a database. Lives in core's internal package (split across jars on the class path,
 * for benchmarks only) to reach package-private parts.
 */
public final class BenchIndex implements AutoCloseable {
    private static final int CHUNK = 16_384;
    private final NamespaceIndex index;
    private final ScanPool pool;
    private final MemoryId[] ids;

    private BenchIndex(NamespaceIndex index, ScanPool pool, MemoryId[] ids) {
        this.index = index;
        this.pool = pool;
        this.ids = ids;
    }

    /**
     * Builds an index over {@code vectors}; with {@code hnswM > 0} it also builds the graph.
     *
     * @param scanThreads threads of the parallel exact scan
     */
    public static BenchIndex build(float[][] vectors, int hnswM, int efConstruction, int scanThreads) {
        ScanPool pool = new ScanPool(scanThreads, "bench");
        IndexSettings s = new IndexSettings(hnswM > 0 ? 1 : Integer.MAX_VALUE, Math.max(4, hnswM),
                Math.max(efConstruction, 16), 64, 1, 0);
        NamespaceIndex index = new NamespaceIndex("bench", "bench", s, pool);
        MemoryId[] ids = new MemoryId[vectors.length];
        ChangeBatch[] batch = new ChangeBatch[1];
        ChangeFeed session = new ChangeFeed() {
            @Override
            public long currentSequence(String tenant, String namespace) {
                return batch[0].sequence();
            }

            @Override
            public ChangeBatch changesSince(String tenant, String namespace, long afterSeq) {
                return batch[0];
            }
        };
        // Fed in chunks, as a store's refreshes feed it: a Memory holds its own copy of the
        // vector, so one batch of every row would add a second copy of the data set while the
        // index grows its own (at 1M x 384 that ran out of a 10 GB heap).
        for (int from = 0; from < vectors.length; from += CHUNK) {
            int to = Math.min(vectors.length, from + CHUNK);
            List<StoredMemory> rows = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                ids[i] = MemoryId.generate();
                rows.add(new StoredMemory(new Memory(ids[i], "bench", "bench", "", vectors[i], Metadata.empty(),
                        Instant.EPOCH, Instant.EPOCH, 1), i + 1));
            }
            batch[0] = new ChangeBatch(to, rows, List.of());
            index.catchUp(session, to);
        }
        batch[0] = null;
        return new BenchIndex(index, pool, ids);
    }

    /** The name of the kernel searches use by default: scalar or vector-api-N. */
    public static String defaultKernel() {
        return VectorMath.KERNEL.name();
    }

    /** True if the Vector API kernel can be used in this JVM. */
    public static boolean vectorApiAvailable() {
        return VectorMath.panama() != null;
    }

    /** Exact top-k as positions in the input array. */
    public int[] exact(float[] q, int k, boolean vectorApi, boolean parallel) {
        VectorKernel kernel = vectorApi ? VectorMath.panama() : VectorMath.SCALAR;
        return positions(index.exactSlots(q, k, kernel, parallel));
    }

    /** HNSW top-k as positions in the input array. */
    public int[] hnsw(float[] q, int k, int ef) {
        return positions(index.graphSlots(q, k, ef));
    }

    private int[] positions(int[] slots) {
        // Slots equal input positions: the index was filled in order with no deletes.
        return slots;
    }

    /** Bytes per vector held by the exact index (vectors, norms, expiry) and with the graph. */
    public double bytesPerVector(boolean withGraph) {
        return index.bytesPerVector(withGraph);
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
