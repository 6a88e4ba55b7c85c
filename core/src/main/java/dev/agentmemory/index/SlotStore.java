package dev.agentmemory.index;

import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import java.util.Arrays;

/**
 * Not thread-safe: the owner guards it (a {@link NamespaceIndex} with its read-write lock).
 * The slots of one namespace's index: the vectors in one contiguous array (raw, as stored),
 * their norms, and per slot what a scan reads to skip or filter a memory: expiry, id, created
 * and updated time, version, metadata. Nothing else of a memory is kept: content and the rest are read
 * from the database for a search's best matches.
 *
 * <p>Everything is in primitive arrays, one entry per slot, so a memory of dimension {@code d}
 * costs {@code 4d + 64} bytes and a share of the id table (4 to 8), plus its metadata if it has
 * any ({@link #metadataBytes()}, an estimate).
 *
 * <p>Slots are stable while a memory lives: a removed memory's slot is freed (its expiry set to
 * {@link #FREE}, so every scan skips it) and reused by a later put. The HNSW graph names nodes
 * by slot, which this stability allows. Slots {@code [0, end())} have been used; some may be
 * free.
 *
 * <p>What this class holds is what a scan reads; how a slot is scored is {@link VectorScorer}'s
 * job, so another layout (quantized, or one chunk of a larger namespace) can go through the same
 * scorer contract and collector.
 */
public final class SlotStore {
    /** The expiry of a free slot: below every clock reading, so a scan skips it. */
    public static final long FREE = Long.MIN_VALUE;

    private final String name;
    private int dimension = -1;
    private float[] vectors = new float[0];
    private float[] norms = new float[0];
    /** Expiry in epoch micros per slot; MAX_VALUE for never, FREE for a free slot. */
    private long[] expires = new long[0];
    private long[] created = new long[0];
    private long[] updated = new long[0];
    private long[] versions = new long[0];
    /** Null for a slot without metadata (or free). */
    private Metadata[] metadata = new Metadata[0];
    private final SlotIds ids = new SlotIds();
    private long metadataBytes;
    private int end;
    private int live;
    private int[] free = new int[0];
    private int freeCount;
    /** False once {@link #dropVectors()} ran: the owner keeps the vectors elsewhere (int8 codes). */
    private boolean floats = true;

    /**
     * An empty store.
     *
     * @param name what errors call it, such as {@code tenant/namespace}
     */
    public SlotStore(String name) {
        this.name = name;
    }

    /**
     * Puts a memory's row and vector into its slot (a free one if it has none yet).
     *
     * @return the slot
     * @throws IllegalStateException if the vector's dimension differs from the store's
     */
    public int put(IndexedRow row, float[] vector) {
        if (dimension < 0) {
            dimension = vector.length;
            vectors = floats ? new float[norms.length * dimension] : new float[0];
        }
        if (vector.length != dimension) {
            // The database fixes one dimension per namespace, so this means a corrupt row: fail loudly.
            throw new IllegalStateException("memory " + row.id() + " in " + name + " has " + vector.length
                    + " dimensions, the index holds " + dimension);
        }
        int at = ids.find(row.id());
        if (at < 0) {
            at = allocate();
            ids.add(at, row.id());
            live++;
        } else {
            metadataBytes -= MetadataWeight.of(metadata[at]);
        }
        if (floats) {
            System.arraycopy(vector, 0, vectors, at * dimension, dimension);
        }
        norms[at] = VectorKernels.norm(vector, 0, dimension);
        expires[at] = row.expiresMicros();
        created[at] = row.createdMicros();
        updated[at] = row.updatedMicros();
        versions[at] = row.version();
        metadata[at] = row.metadata().isEmpty() ? null : row.metadata();
        metadataBytes += MetadataWeight.of(metadata[at]);
        return at;
    }

    /**
     * True if {@code slot} holds exactly {@code vector}.
     *
     * @throws IndexOutOfBoundsException if the slot is outside the store
     */
    public boolean holds(int slot, float[] vector) {
        return floats && vector.length == dimension
                && Arrays.equals(vectors, slot * dimension, (slot + 1) * dimension, vector, 0, dimension);
    }

    /**
     * Frees the slot of {@code id}.
     *
     * @return the freed slot, or -1 if the store does not hold {@code id}
     * @throws NullPointerException if {@code id} is null
     */
    public int remove(MemoryId id) {
        int at = ids.find(id);
        if (at < 0) {
            return -1;
        }
        ids.remove(at);
        metadataBytes -= MetadataWeight.of(metadata[at]);
        metadata[at] = null;
        expires[at] = FREE;
        live--;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, Math.max(16, free.length * 2));
        }
        free[freeCount++] = at;
        if (live * 4 < end) {
            ids.compact();
        }
        return at;
    }

    /** Empties the store; the arrays keep their capacity. */
    public void clear() {
        ids.clear();
        Arrays.fill(metadata, null);
        Arrays.fill(expires, FREE);
        metadataBytes = 0;
        end = 0;
        live = 0;
        freeCount = 0;
        dimension = -1;
        floats = true;
    }

    /**
     * Drops the float vectors and keeps no more of them from now on (until {@link #clear}): the
     * owner has them as int8 codes. Norms, ids and everything a filter reads stay.
     */
    public void dropVectors() {
        floats = false;
        vectors = new float[0];
    }

    /** True unless {@link #dropVectors()} dropped the float vectors. */
    public boolean hasVectors() {
        return floats;
    }

    /** Shrinks every array to the slots in use, after a full load, so the store weighs what it holds. */
    public void trim() {
        if (end < capacity()) {
            resize(end);
        }
    }

    private int allocate() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        if (end == capacity()) {
            // A quarter more each time: the slack a growing namespace carries stays small, and
            // each slot is still copied only a few times on the way to its final array.
            int old = capacity();
            resize(Math.max(16, old + (old >> 2)));
        }
        return end++;
    }

    private void resize(int capacity) {
        int old = capacity();
        norms = Arrays.copyOf(norms, capacity);
        expires = Arrays.copyOf(expires, capacity);
        if (capacity > old) {
            Arrays.fill(expires, old, capacity, FREE);
        }
        created = Arrays.copyOf(created, capacity);
        updated = Arrays.copyOf(updated, capacity);
        versions = Arrays.copyOf(versions, capacity);
        metadata = Arrays.copyOf(metadata, capacity);
        if (floats) {
            vectors = Arrays.copyOf(vectors, capacity * Math.max(dimension, 0));
        }
        ids.resize(capacity);
    }

    /** The slot of {@code id}, or -1 if the store does not hold it. */
    public int slotOf(MemoryId id) {
        return ids.find(id);
    }

    /** The dimension of every vector held, or -1 while the store has held none since it was cleared. */
    public int dimension() {
        return dimension;
    }

    /** One past the highest slot used; a scan covers {@code [0, end())}. */
    public int end() {
        return end;
    }

    /** The number of memories held. */
    public int live() {
        return live;
    }

    /** The number of slots the arrays have room for. */
    public int capacity() {
        return norms.length;
    }

    /** True if {@code slot} holds no memory. */
    public boolean isFree(int slot) {
        return expires[slot] == FREE;
    }

    /**
     * The id in {@code slot}, as a new object.
     *
     * @throws IllegalStateException if the slot is free
     * @throws ArrayIndexOutOfBoundsException if the slot is outside the store
     */
    public MemoryId id(int slot) {
        if (isFree(slot)) {
            throw new IllegalStateException("slot " + slot + " of " + name + " is free");
        }
        return ids.id(slot);
    }

    /**
     * The row in {@code slot}, rebuilt from the arrays, or null if it is free.
     *
     * @throws ArrayIndexOutOfBoundsException if the slot is outside the store
     */
    public IndexedRow row(int slot) {
        if (isFree(slot)) {
            return null;
        }
        return new IndexedRow(ids.id(slot), metadata(slot), created[slot], updated[slot], expires[slot],
                versions[slot]);
    }

    /** The metadata of {@code slot}, empty for a slot without any. */
    public Metadata metadata(int slot) {
        Metadata m = metadata[slot];
        return m == null ? Metadata.empty() : m;
    }

    /**
     * A copy of the vector in {@code slot}.
     *
     * @throws ArrayIndexOutOfBoundsException if the slot is outside the store
     */
    public float[] vector(int slot) {
        if (!floats) {
            throw new IllegalStateException(name + " keeps its vectors as int8 codes, not floats");
        }
        return Arrays.copyOfRange(vectors, slot * dimension, (slot + 1) * dimension);
    }

    /** The vectors, slot {@code i} at {@code i * dimension()}; shared, not copied: read only, under the owner's lock. */
    public float[] vectors() {
        return vectors;
    }

    /** The norm per slot; shared, not copied. */
    public float[] norms() {
        return norms;
    }

    /** The expiry per slot in epoch micros ({@code Long.MAX_VALUE} for never, {@link #FREE}); shared, not copied. */
    public long[] expires() {
        return expires;
    }

    /** Creation time per slot in epoch micros; shared, not copied. */
    public long[] createdMicros() {
        return created;
    }

    /** Last change per slot in epoch micros; shared, not copied. */
    public long[] updatedMicros() {
        return updated;
    }

    /** The memory's version per slot; shared, not copied. */
    public long[] versions() {
        return versions;
    }

    /** The high 64 bits of each slot's id (the UUID's most significant bits); shared, not copied. */
    public long[] idHigh() {
        return ids.high();
    }

    /** The low 64 bits of each slot's id; shared, not copied. */
    public long[] idLow() {
        return ids.low();
    }

    /**
     * Bytes the per-slot arrays and the id table take: vectors, norms, expiry, ids, timestamps,
     * versions and metadata references (4 bytes each, as with compressed references), for every slot the
     * arrays have room for. The metadata objects are {@link #metadataBytes()}.
     */
    public long bytes() {
        long perSlot = 4L + 8 + 8 + 8 + 8 + 4;
        return (long) vectors.length * 4 + perSlot * capacity() + ids.bytes();
    }

    /** The estimated heap of the metadata held (see {@code MetadataWeight}); 0 when none has any. */
    public long metadataBytes() {
        return metadataBytes;
    }
}
