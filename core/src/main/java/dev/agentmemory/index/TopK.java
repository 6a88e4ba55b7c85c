package dev.agentmemory.index;

/**
 * Confined to the calling thread: the collector of a search, a bounded min-heap keeping the
 * {@code k} best (slot, score) pairs.
 *
 * <p>Ties are broken by id (smaller id ranks higher, comparing the UUID's two halves unsigned,
 * as {@link dev.agentmemory.MemoryId} orders) so results are deterministic, also when a scan is
 * split into chunks whose collectors are merged with {@link #drainInto}. Ids are given as their
 * two halves, so the scan creates no object per offer.
 */
public final class TopK {
    private final int k;
    private final int[] slots;
    private final double[] scores;
    private final long[] highs;
    private final long[] lows;
    private int size;

    /**
     * An empty collector of the best {@code k}.
     *
     * @throws NegativeArraySizeException if {@code k} is negative
     */
    public TopK(int k) {
        this.k = k;
        this.slots = new int[k];
        this.scores = new double[k];
        this.highs = new long[k];
        this.lows = new long[k];
    }

    /**
     * Keeps (slot, score) if it is among the best k so far.
     *
     * @param idHigh the most significant half of the id of the memory in the slot, which breaks ties
     * @param idLow its least significant half
     */
    public void offer(int slot, double score, long idHigh, long idLow) {
        if (size < k) {
            set(size, slot, score, idHigh, idLow);
            siftUp(size++);
        } else if (worse(0, score, idHigh, idLow)) {
            set(0, slot, score, idHigh, idLow);
            siftDown(0);
        }
    }

    private void set(int i, int slot, double score, long idHigh, long idLow) {
        slots[i] = slot;
        scores[i] = score;
        highs[i] = idHigh;
        lows[i] = idLow;
    }

    /** False if a score this low cannot enter (the heap is full of better ones): a cheap pre-check. */
    public boolean mayAccept(double score) {
        return size < k || score >= scores[0];
    }

    /**
     * Offers every entry of this heap to {@code into}; this heap is left as it was.
     *
     * @throws NullPointerException if {@code into} is null
     */
    public void drainInto(TopK into) {
        for (int i = 0; i < size; i++) {
            into.offer(slots[i], scores[i], highs[i], lows[i]);
        }
    }

    /** The number of entries held. */
    public int size() {
        return size;
    }

    /** True if the entry at heap index {@code i} ranks below (score, id). */
    private boolean worse(int i, double score, long idHigh, long idLow) {
        if (scores[i] != score) {
            return scores[i] < score;
        }
        int c = Long.compareUnsigned(highs[i], idHigh);
        return c > 0 || (c == 0 && Long.compareUnsigned(lows[i], idLow) > 0);
    }

    private boolean lower(int i, int j) {
        return worse(i, scores[j], highs[j], lows[j]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!lower(i, parent)) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int min = i;
            if (l < size && lower(l, min)) {
                min = l;
            }
            if (r < size && lower(r, min)) {
                min = r;
            }
            if (min == i) {
                return;
            }
            swap(i, min);
            i = min;
        }
    }

    private void swap(int a, int b) {
        int s = slots[a];
        slots[a] = slots[b];
        slots[b] = s;
        double d = scores[a];
        scores[a] = scores[b];
        scores[b] = d;
        long h = highs[a];
        highs[a] = highs[b];
        highs[b] = h;
        long l = lows[a];
        lows[a] = lows[b];
        lows[b] = l;
    }

    /** Drains the heap: slots best first. Call once, before {@link #scoresBestFirst()}. */
    public int[] slotsBestFirst() {
        int n = size;
        int[] outSlots = new int[n];
        drained = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            outSlots[i] = slots[0];
            drained[i] = scores[0];
            size--;
            if (size > 0) {
                slots[0] = slots[size];
                scores[0] = scores[size];
                highs[0] = highs[size];
                lows[0] = lows[size];
                siftDown(0);
            }
        }
        return outSlots;
    }

    private double[] drained = new double[0];

    /** The scores matching {@link #slotsBestFirst()}. */
    public double[] scoresBestFirst() {
        return drained;
    }
}
