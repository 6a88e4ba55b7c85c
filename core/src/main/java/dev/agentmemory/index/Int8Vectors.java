package dev.agentmemory.index;

import java.util.Arrays;

/**
 * Not thread-safe: the owner guards it, as it guards the {@link SlotStore} beside it. The int8
 * scalar-quantized copy of a namespace's vectors, one slot per slot of the owner's store: a
 * quarter of the float bytes, scanned by {@link QuantizedScorer}.
 *
 * <p><b>Encoding, per vector.</b> Each vector is mapped linearly from its own {@code [min, max]}
 * onto the 256 codes {@code -128..127}: {@code v[i] ~ offset + scale * code[i]}, with
 * {@code scale = (max - min) / 255} and {@code offset = min + 128 * scale}. Per vector, not per
 * dimension, because a namespace's index changes one memory at a time: a per-dimension range
 * would have to be trained on the data and every code rewritten when a new vector falls outside
 * it, whereas a per-vector range needs nothing but the vector itself, so appending, replacing
 * and freeing a slot never touch another. The error of one component is at most
 * {@code scale / 2}. A constant vector (the zero vector, and every vector of dimension 1) has
 * scale 0 and is held exactly.
 *
 * <p>Beside the codes each slot keeps its scale, offset, the sum and the sum of squares of its
 * codes (so a score needs one integer dot product and a few multiplications, see
 * {@link QuantizedScorer}) and the exact norm of the float vector for cosine: 20 bytes, so 404
 * bytes a slot at 384 dimensions against 1,540 for the float store's vector and norm.
 */
public final class Int8Vectors {
    private int dimension = -1;
    private byte[] codes = new byte[0];
    private float[] scales = new float[0];
    private float[] offsets = new float[0];
    private int[] sums = new int[0];
    private int[] squares = new int[0];
    private float[] norms = new float[0];
    private int end;

    /** An empty set; the first vector fixes the dimension. */
    public Int8Vectors() {}

    /**
     * The codes of every used slot of {@code store} (free slots stay empty), slot for slot.
     *
     * @throws NullPointerException if {@code store} is null
     */
    public static Int8Vectors of(SlotStore store) {
        Int8Vectors out = new Int8Vectors();
        int dim = store.dimension();
        if (dim < 0) {
            return out;
        }
        out.dimension = dim;
        out.ensureCapacity(store.end());
        float[] vectors = store.vectors();
        for (int slot = 0; slot < store.end(); slot++) {
            if (!store.isFree(slot)) {
                out.encodeInto(slot, vectors, slot * dim);
            }
        }
        out.end = store.end();
        return out;
    }

    /**
     * Sets the codes of {@code slot} from {@code vector}: appends when the slot is new, replaces
     * what it held otherwise.
     *
     * @throws IllegalArgumentException if the slot is negative or the vector's dimension differs from the set's
     */
    public void set(int slot, float[] vector) {
        if (slot < 0) {
            throw new IllegalArgumentException("slot " + slot + " is negative");
        }
        if (dimension < 0) {
            dimension = vector.length;
            // After a clear the codes may have been sized for another dimension.
            codes = new byte[Math.multiplyExact(scales.length, dimension)];
        }
        if (vector.length != dimension) {
            throw new IllegalArgumentException("vector has " + vector.length + " dimensions, the quantized vectors "
                    + dimension);
        }
        ensureCapacity(slot + 1);
        encodeInto(slot, vector, 0);
        end = Math.max(end, slot + 1);
    }

    /**
     * Empties {@code slot}: its codes and factors become zero, so it scores as a zero vector
     * until it is set again (the owner's scan skips free slots before scoring them).
     *
     * @throws ArrayIndexOutOfBoundsException if the slot was never set
     */
    public void free(int slot) {
        if (slot >= end) {
            throw new ArrayIndexOutOfBoundsException("slot " + slot + " was never set (end " + end + ")");
        }
        Arrays.fill(codes, slot * dimension, (slot + 1) * dimension, (byte) 0);
        scales[slot] = 0;
        offsets[slot] = 0;
        sums[slot] = 0;
        squares[slot] = 0;
        norms[slot] = 0;
    }

    /** Empties every slot; the arrays keep their capacity. */
    public void clear() {
        // Zeroed, so a slot left unset after the clear reads as empty, not as what it held before.
        Arrays.fill(codes, (byte) 0);
        Arrays.fill(scales, 0);
        Arrays.fill(offsets, 0);
        Arrays.fill(sums, 0);
        Arrays.fill(squares, 0);
        Arrays.fill(norms, 0);
        end = 0;
        dimension = -1;
    }

    private void encodeInto(int slot, float[] v, int from) {
        Encoded e = encode(v, from, dimension, codes, slot * dimension);
        scales[slot] = e.scale();
        offsets[slot] = e.offset();
        sums[slot] = e.sum();
        squares[slot] = e.squares();
        norms[slot] = VectorKernels.norm(v, from, dimension);
    }

    /**
     * Writes the codes of {@code v[from, from + n)} to {@code out[at, at + n)}.
     *
     * @return the vector's factors
     */
    static Encoded encode(float[] v, int from, int n, byte[] out, int at) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = from; i < from + n; i++) {
            min = Math.min(min, v[i]);
            max = Math.max(max, v[i]);
        }
        if (!(max > min)) {
            // Constant (or empty): every component is min, held exactly with scale 0 and code 0.
            Arrays.fill(out, at, at + n, (byte) 0);
            return new Encoded(0, n == 0 ? 0 : min, 0, 0);
        }
        // In double: max - min of two huge floats of opposite sign overflows a float.
        double scale = ((double) max - min) / 255;
        int sum = 0;
        int squares = 0;
        for (int i = 0; i < n; i++) {
            int c = (int) Math.round((v[from + i] - (double) min) / scale) - 128;
            c = Math.max(-128, Math.min(127, c));
            out[at + i] = (byte) c;
            sum += c;
            squares += c * c;
        }
        return new Encoded((float) scale, (float) (min + 128 * scale), sum, squares);
    }

    /** The factors of one encoded vector: {@code v[i] ~ offset + scale * code[i]}. */
    record Encoded(float scale, float offset, int sum, int squares) {}

    private void ensureCapacity(int needed) {
        if (needed <= scales.length) {
            return;
        }
        resize(Math.max(16, Math.max(needed, scales.length + (scales.length >> 1))));
    }

    /** Shrinks the arrays to the slots set, after a full load, so the codes weigh what they hold. */
    public void trim() {
        if (end < scales.length && dimension >= 0) {
            resize(end);
        }
    }

    private void resize(int capacity) {
        codes = Arrays.copyOf(codes, Math.multiplyExact(capacity, dimension));
        scales = Arrays.copyOf(scales, capacity);
        offsets = Arrays.copyOf(offsets, capacity);
        sums = Arrays.copyOf(sums, capacity);
        squares = Arrays.copyOf(squares, capacity);
        norms = Arrays.copyOf(norms, capacity);
    }

    /** The dimension of every vector held, or -1 while none has been set since the set was cleared. */
    public int dimension() {
        return dimension;
    }

    /** The number of slots the arrays have room for. */
    public int capacity() {
        return scales.length;
    }

    /** One past the highest slot set. */
    public int end() {
        return end;
    }

    /**
     * A copy of the vector {@code slot}'s codes stand for ({@code offset + scale * code}), for
     * tests and diagnostics.
     *
     * @throws ArrayIndexOutOfBoundsException if the slot is outside the set
     */
    public float[] reconstruct(int slot) {
        if (slot >= end) {
            throw new ArrayIndexOutOfBoundsException("slot " + slot + " was never set (end " + end + ")");
        }
        float[] out = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            out[i] = (float) (offsets[slot] + (double) scales[slot] * codes[slot * dimension + i]);
        }
        return out;
    }

    /** Bytes the codes and per-slot factors take, capacity included. */
    public long bytes() {
        return (long) codes.length + (long) scales.length * (4 + 4 + 4 + 4 + 4);
    }

    byte[] codes() {
        return codes;
    }

    float[] scales() {
        return scales;
    }

    float[] offsets() {
        return offsets;
    }

    int[] sums() {
        return sums;
    }

    int[] squares() {
        return squares;
    }

    float[] norms() {
        return norms;
    }
}
