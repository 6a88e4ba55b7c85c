package dev.agentmemory.index;

import java.util.Arrays;

/**
 * Not thread-safe on its own: the owner changes it under its write lock and searches it under
 * its read lock. The storage of a hierarchical navigable small-world graph (Malkov and
 * Yashunin, 2016) over the slots of a {@link SlotStore}, as Lucene's {@code OnHeapHnswGraph}:
 * each node's level and its links per level, the entry point, and a count of stale links.
 * {@link HnswBuilder} adds nodes, {@link HnswSearcher} walks it.
 *
 * <p>A node is a slot and reads its vector there. Deleting a memory leaves its node in the
 * graph as a waypoint (a search's predicate rejects free slots); when the slot is reused, or
 * its vector replaced, the builder links the node again, and links that pointed at it stay,
 * which costs some recall. The owner counts such changes with {@link #staleLinks()} and
 * rebuilds past a fraction.
 */
public final class HnswGraph {
    private final int m;
    private final int m0;

    /** Each node's top level, -1 for a slot that is not in the graph. */
    private int[] levels = new int[0];
    /** Level-0 links: at node * (m0 + 1) the count, then the neighbours. */
    private int[] links0 = new int[0];
    /** Links above level 0: upper[node][level - 1] = {count, neighbours...}; null below level 1. */
    private int[][][] upper = new int[0][][];
    private int entry = -1;
    private int maxLevel = -1;
    private int nodes;
    private int stale;

    /**
     * An empty graph.
     *
     * @param m links per node above level 0 (twice that at level 0)
     * @throws IllegalArgumentException if {@code m} is below 2
     */
    public HnswGraph(int m) {
        if (m < 2) {
            throw new IllegalArgumentException("an HNSW graph needs at least 2 links per node, got m=" + m);
        }
        this.m = m;
        this.m0 = 2 * m;
    }

    /** Links per node above level 0. */
    public int m() {
        return m;
    }

    /** The number of nodes, waypoints included. */
    public int nodes() {
        return nodes;
    }

    /** Nodes relinked or left as waypoints since the graph was built. */
    public int staleLinks() {
        return stale;
    }

    /** Counts a deleted node left as a waypoint. */
    public void markDeleted() {
        stale++;
    }

    /** Bytes the links take, for the memory report. */
    public long linkBytes() {
        long bytes = (long) links0.length * 4 + (long) levels.length * 4 + (long) upper.length * 8;
        for (int[][] u : upper) {
            if (u != null) {
                for (int[] l : u) {
                    bytes += 16 + (long) l.length * 4;
                }
                bytes += 16 + (long) u.length * 8;
            }
        }
        return bytes;
    }

    /** The slots the graph has room for. */
    int capacity() {
        return levels.length;
    }

    /** Grows the per-node arrays to at least {@code capacity} slots. */
    void ensureCapacity(int capacity) {
        if (levels.length < capacity) {
            int old = levels.length;
            levels = Arrays.copyOf(levels, capacity);
            Arrays.fill(levels, old, capacity, -1);
            links0 = Arrays.copyOf(links0, capacity * (m0 + 1));
            upper = Arrays.copyOf(upper, capacity);
        }
    }

    int entry() {
        return entry;
    }

    int maxLevel() {
        return maxLevel;
    }

    /** The node's top level, -1 if it is not in the graph. */
    int level(int node) {
        return levels[node];
    }

    /** Adds a node with no links at {@code level}; the first node becomes the entry point. */
    void addNode(int node, int level) {
        levels[node] = level;
        nodes++;
        if (level > 0) {
            upper[node] = new int[level][];
            for (int l = 0; l < level; l++) {
                upper[node][l] = new int[m + 1];
            }
        }
        if (entry < 0) {
            entry = node;
            maxLevel = level;
        }
    }

    /** Makes {@code node} the entry point if its level is above the current top. */
    void promote(int node) {
        if (levels[node] > maxLevel) {
            maxLevel = levels[node];
            entry = node;
        }
    }

    /** Counts a node linked again after its vector changed. */
    void markRelinked() {
        stale++;
    }

    /** The most links a node keeps at {@code level}. */
    int maxLinks(int level) {
        return level == 0 ? m0 : m;
    }

    /** The array holding {@code node}'s links at {@code level}: the count at {@link #baseOf}, then the links. */
    int[] linksOf(int node, int level) {
        return level == 0 ? links0 : upper[node][level - 1];
    }

    int baseOf(int node, int level) {
        return level == 0 ? node * (m0 + 1) : 0;
    }

    void setCount(int node, int level, int count) {
        linksOf(node, level)[baseOf(node, level)] = count;
    }

    void setLinks(int node, int level, int[] neighbours) {
        int[] l = linksOf(node, level);
        int base = baseOf(node, level);
        l[base] = neighbours.length;
        System.arraycopy(neighbours, 0, l, base + 1, neighbours.length);
    }
}
