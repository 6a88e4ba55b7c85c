package dev.agentmemory.index;

import dev.agentmemory.MemoryId;
import java.util.Arrays;
import java.util.UUID;

/**
 * Not thread-safe: owned by one {@link SlotStore}, under its owner's lock. The id of every slot,
 * as two {@code long} arrays, and the map from id to slot, as an open-addressing table of slot
 * numbers probed linearly.
 *
 * <p>Why not a {@code HashMap<MemoryId, Integer>} and a {@code MemoryId} per slot: those cost
 * about 100 bytes a memory (the map's node, a boxed slot, the id and its UUID), two thirds of
 * the per-memory budget besides the vector. Here an id costs 16 bytes and its table entry 4 to
 * 8 (the table is kept between a quarter and half full).
 */
final class SlotIds {
    private static final int MIN_TABLE = 16;

    private long[] high = new long[0];
    private long[] low = new long[0];
    /** Slot + 1 per entry; 0 is an empty entry. Its length is a power of two. */
    private int[] table = new int[MIN_TABLE];
    private int size;

    /** Gives the id arrays room for {@code capacity} slots. */
    void resize(int capacity) {
        high = Arrays.copyOf(high, capacity);
        low = Arrays.copyOf(low, capacity);
    }

    /** The slot holding {@code id}, or -1. */
    int find(MemoryId id) {
        UUID u = id.uuid();
        return find(u.getMostSignificantBits(), u.getLeastSignificantBits());
    }

    private int find(long hi, long lo) {
        int mask = table.length - 1;
        for (int i = home(hi, lo) & mask; ; i = (i + 1) & mask) {
            int e = table[i];
            if (e == 0) {
                return -1;
            }
            if (high[e - 1] == hi && low[e - 1] == lo) {
                return e - 1;
            }
        }
    }

    /** Records that {@code slot}, which holds no id now, holds {@code id}. */
    void add(int slot, MemoryId id) {
        UUID u = id.uuid();
        high[slot] = u.getMostSignificantBits();
        low[slot] = u.getLeastSignificantBits();
        if ((size + 1) * 2 > table.length) {
            rehash(table.length * 2);
        }
        insert(slot);
        size++;
    }

    private void insert(int slot) {
        int mask = table.length - 1;
        int i = home(high[slot], low[slot]) & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = slot + 1;
    }

    /** Forgets the id of {@code slot}, which holds one. */
    void remove(int slot) {
        int mask = table.length - 1;
        int i = home(high[slot], low[slot]) & mask;
        while (table[i] != slot + 1) {
            i = (i + 1) & mask;
        }
        table[i] = 0;
        size--;
        // Backward-shift deletion: move later entries of the probe run into the hole unless their
        // home lies cyclically in (hole, entry], so that every entry stays reachable from its home.
        for (int j = (i + 1) & mask; table[j] != 0; j = (j + 1) & mask) {
            int e = table[j];
            int k = home(high[e - 1], low[e - 1]) & mask;
            boolean stays = i <= j ? i < k && k <= j : i < k || k <= j;
            if (!stays) {
                table[i] = e;
                table[j] = 0;
                i = j;
            }
        }
        high[slot] = 0;
        low[slot] = 0;
    }

    private void rehash(int length) {
        int[] old = table;
        table = new int[length];
        for (int e : old) {
            if (e != 0) {
                insert(e - 1);
            }
        }
    }

    /** Forgets every id; the id arrays keep their capacity. */
    void clear() {
        table = new int[MIN_TABLE];
        size = 0;
    }

    /** Shrinks the table after many removals, so a namespace that shrank weighs less. */
    void compact() {
        int wanted = MIN_TABLE;
        while (wanted < size * 2) {
            wanted *= 2;
        }
        if (wanted * 4 <= table.length) {
            rehash(wanted * 2);
        }
    }

    /** The id in {@code slot} (which holds one), as a new object. */
    MemoryId id(int slot) {
        return MemoryId.of(new UUID(high[slot], low[slot]));
    }

    /** The high 64 bits of each slot's id; shared, not copied. */
    long[] high() {
        return high;
    }

    /** The low 64 bits of each slot's id; shared, not copied. */
    long[] low() {
        return low;
    }

    /** Bytes the id arrays and the table take. */
    long bytes() {
        return (long) high.length * 16 + (long) table.length * 4;
    }

    private static int home(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }
}
