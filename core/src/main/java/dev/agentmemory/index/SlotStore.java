package dev.agentmemory.index;

import dev.agentmemory.MemoryId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Not thread-safe: the owner guards it (a {@link NamespaceIndex} with its read-write lock).
 * The slots of one namespace's index: the vectors in one contiguous array (raw, as stored),
 * their norms, each slot's expiry and row, the free slots and the id-to-slot map.
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
    private IndexedRow[] rows = new IndexedRow[0];
    private int end;
    private int live;
    private int[] free = new int[0];
    private int freeCount;
    private final Map<MemoryId, Integer> slots = new HashMap<>();

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
        }
        if (vector.length != dimension) {
            // The database fixes one dimension per namespace, so this means a corrupt row: fail loudly.
            throw new IllegalStateException("memory " + row.id() + " in " + name + " has " + vector.length
                    + " dimensions, the index holds " + dimension);
        }
        Integer slot = slots.get(row.id());
        int at;
        if (slot == null) {
            at = allocate();
            slots.put(row.id(), at);
            live++;
        } else {
            at = slot;
        }
        System.arraycopy(vector, 0, vectors, at * dimension, dimension);
        norms[at] = VectorKernels.norm(vector, 0, dimension);
        expires[at] = row.expiresAt() == null ? Long.MAX_VALUE : FilterEvaluator.micros(row.expiresAt());
        rows[at] = row;
        return at;
    }

    /**
     * True if {@code slot} holds exactly {@code vector}.
     *
     * @throws IndexOutOfBoundsException if the slot is outside the store
     */
    public boolean holds(int slot, float[] vector) {
        return vector.length == dimension
                && Arrays.equals(vectors, slot * dimension, (slot + 1) * dimension, vector, 0, dimension);
    }

    /**
     * Frees the slot of {@code id}.
     *
     * @return the freed slot, or -1 if the store does not hold {@code id}
     * @throws NullPointerException if {@code id} is null
     */
    public int remove(MemoryId id) {
        Integer slot = slots.remove(id);
        if (slot == null) {
            return -1;
        }
        int at = slot;
        rows[at] = null;
        expires[at] = FREE;
        live--;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, Math.max(16, free.length * 2));
        }
        free[freeCount++] = at;
        return at;
    }

    /** Empties the store; the arrays keep their capacity. */
    public void clear() {
        slots.clear();
        Arrays.fill(rows, null);
        Arrays.fill(expires, FREE);
        end = 0;
        live = 0;
        freeCount = 0;
        dimension = -1;
    }

    private int allocate() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        ensureCapacity(end + 1);
        return end++;
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
    }

    /** The slot of {@code id}, or -1 if the store does not hold it. */
    public int slotOf(MemoryId id) {
        Integer slot = slots.get(id);
        return slot == null ? -1 : slot;
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
        return rows.length;
    }

    /** True if {@code slot} holds no memory. */
    public boolean isFree(int slot) {
        return expires[slot] == FREE;
    }

    /**
     * The row in {@code slot}, or null if it is free.
     *
     * @throws ArrayIndexOutOfBoundsException if the slot is outside the store
     */
    public IndexedRow row(int slot) {
        return rows[slot];
    }

    /**
     * A copy of the vector in {@code slot}.
     *
     * @throws ArrayIndexOutOfBoundsException if the slot is outside the store
     */
    public float[] vector(int slot) {
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

    /** The row per slot (null for a free one); shared, not copied. */
    public IndexedRow[] rows() {
        return rows;
    }

    /** Bytes the vector, norm and expiry arrays take (the rows not counted). */
    public long vectorBytes() {
        return (long) vectors.length * 4 + (long) norms.length * 4 + (long) expires.length * 8;
    }
}
