package dev.agentmemory.internal;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Not thread-safe on its own: a hierarchical navigable small-world graph (Malkov and Yashunin,
 * 2016) over the slots of a {@link NamespaceIndex}, for cosine similarity. The owner mutates
 * it under its write lock and searches it under its read lock; a search keeps its scratch
 * state in a thread-local, so concurrent searches share nothing mutable.
 *
 * <p>A node is a slot of the owner's vector array and reads the vector there. Deleting a
 * memory leaves its node in the graph as a waypoint (the owner never returns it: the
 * predicate of {@link #search} rejects free slots); when the slot is reused, or its vector
 * replaced, the node is linked again from a fresh search ({@link #relink}), and links that
 * pointed at it stay, which costs some recall. The owner counts such changes with
 * {@link #staleLinks()} and rebuilds past a fraction.
 */
final class HnswGraph {
    private static final ThreadLocal<Visited> VISITED = ThreadLocal.withInitial(Visited::new);

    private final int m;
    private final int m0;
    private final int efConstruction;
    private final double levelFactor;
    private final SplittableRandom random = new SplittableRandom(42);

    private float[] data;
    private float[] norms;
    private int dim;

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

    HnswGraph(int m, int efConstruction) {
        this.m = m;
        this.m0 = 2 * m;
        this.efConstruction = efConstruction;
        this.levelFactor = 1 / Math.log(m);
    }

    /** Points the graph at the owner's arrays (after the owner grew them). */
    void attach(float[] data, float[] norms, int dim) {
        this.data = data;
        this.norms = norms;
        this.dim = dim;
        int capacity = norms.length;
        if (levels.length < capacity) {
            int old = levels.length;
            levels = Arrays.copyOf(levels, capacity);
            Arrays.fill(levels, old, capacity, -1);
            links0 = Arrays.copyOf(links0, capacity * (m0 + 1));
            upper = Arrays.copyOf(upper, capacity);
        }
    }

    int nodes() {
        return nodes;
    }

    /** Nodes relinked or left as waypoints since the graph was built. */
    int staleLinks() {
        return stale;
    }

    /** Counts a deleted node left as a waypoint. */
    void markDeleted() {
        stale++;
    }

    /** Bytes the links take, for the memory report. */
    long linkBytes() {
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

    private float similarity(float[] q, int qOffset, float qNorm, int node) {
        float n = norms[node];
        if (n == 0 || qNorm == 0) {
            return 0;
        }
        return VectorMath.KERNEL.dot(data, node * dim, q, qOffset, dim) / (n * qNorm);
    }

    /** Adds a slot that is not in the graph yet. */
    void insert(int node) {
        if (levels[node] >= 0) {
            relink(node);
            return;
        }
        int level = (int) (-Math.log(1 - random.nextDouble()) * levelFactor);
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
            return;
        }
        link(node, level);
        if (level > maxLevel) {
            maxLevel = level;
            entry = node;
        }
    }

    /** Links a node whose vector changed again, from a fresh search; its level stays. */
    void relink(int node) {
        stale++;
        int ep = entry;
        if (node == entry) {
            // Start from one of its own neighbours, on the highest level that has one.
            ep = -1;
            for (int l = levels[node]; l >= 0 && ep < 0; l--) {
                int[] links = linksOf(node, l);
                int base = baseOf(node, l);
                if (links[base] > 0) {
                    ep = links[base + 1];
                }
            }
            if (ep < 0) {
                return;
            }
        }
        for (int l = 0; l <= levels[node]; l++) {
            setCount(node, l, 0);
        }
        link(node, levels[node], ep);
    }

    private void link(int node, int level) {
        link(node, level, entry);
    }

    /** Links a node from entry point {@code ep}, on the levels both have. */
    private void link(int node, int level, int ep) {
        float[] q = data;
        int qo = node * dim;
        float qn = norms[node];
        Visited visited = VISITED.get();
        int top = Math.min(maxLevel, levels[ep]);
        float epScore = similarity(q, qo, qn, ep);
        for (int l = top; l > level; l--) {
            ep = greedy(q, qo, qn, ep, epScore, l);
            epScore = similarity(q, qo, qn, ep);
        }
        NodeHeap results = NodeHeap.min(efConstruction + 1);
        NodeHeap candidates = NodeHeap.max(efConstruction * 2);
        for (int l = Math.min(level, top); l >= 0; l--) {
            visited.reset(levels.length);
            visited.add(node);
            results.clear();
            candidates.clear();
            searchLayer(q, qo, qn, ep, epScore, efConstruction, l, visited, results, candidates, null, Integer.MAX_VALUE);
            int[] sorted = bestFirst(results);
            float[] sortedScores = lastScores;
            int max = l == 0 ? m0 : m;
            int[] chosen = select(sorted, sortedScores, max);
            setLinks(node, l, chosen);
            for (int nb : chosen) {
                addLink(nb, l, node);
            }
            ep = sorted[0];
            epScore = sortedScores[0];
        }
    }

    private int greedy(float[] q, int qo, float qn, int ep, float epScore, int level) {
        boolean moved = true;
        while (moved) {
            moved = false;
            int[] l = linksOf(ep, level);
            int base = baseOf(ep, level);
            int count = l[base];
            for (int i = 1; i <= count; i++) {
                int nb = l[base + i];
                float s = similarity(q, qo, qn, nb);
                if (s > epScore) {
                    epScore = s;
                    ep = nb;
                    moved = true;
                }
            }
        }
        return ep;
    }

    /**
     * The beam search of one level. Every node reached is expanded, but only those
     * {@code accept} takes (all if null) enter {@code results}. Stops after {@code budget}
     * visited nodes.
     */
    private void searchLayer(float[] q, int qo, float qn, int ep, float epScore, int ef, int level, Visited visited,
            NodeHeap results, NodeHeap candidates, IntPredicate accept, int budget) {
        visited.add(ep);
        candidates.push(ep, epScore);
        if (accept == null || accept.test(ep)) {
            results.push(ep, epScore);
        }
        int seen = 1;
        while (!candidates.isEmpty()) {
            float best = candidates.topScore();
            int c = candidates.topNode();
            if (results.size() >= ef && best < results.topScore()) {
                break;
            }
            candidates.pop();
            int[] l = linksOf(c, level);
            int base = baseOf(c, level);
            int count = l[base];
            for (int i = 1; i <= count; i++) {
                int nb = l[base + i];
                if (!visited.add(nb)) {
                    continue;
                }
                float s = similarity(q, qo, qn, nb);
                if (results.size() < ef || s > results.topScore()) {
                    candidates.push(nb, s);
                    if (accept == null || accept.test(nb)) {
                        results.push(nb, s);
                        if (results.size() > ef) {
                            results.pop();
                        }
                    }
                }
            }
            if (++seen > budget) {
                break;
            }
        }
    }

    private float[] lastScores;

    /** Drains a min-heap into arrays, best first; the scores land in {@link #lastScores}. */
    private int[] bestFirst(NodeHeap heap) {
        int n = heap.size();
        int[] out = new int[n];
        float[] scores = new float[n];
        for (int i = n - 1; i >= 0; i--) {
            out[i] = heap.topNode();
            scores[i] = heap.topScore();
            heap.pop();
        }
        lastScores = scores;
        return out;
    }

    /**
     * The neighbour-selection heuristic: walking candidates best first, keep one only if it is
     * closer to the base than to every neighbour kept so far, which spreads links out.
     */
    private int[] select(int[] candidates, float[] scores, int max) {
        int[] chosen = new int[Math.min(max, candidates.length)];
        int n = 0;
        for (int i = 0; i < candidates.length && n < chosen.length; i++) {
            int c = candidates[i];
            boolean keep = true;
            for (int j = 0; j < n; j++) {
                if (similarity(data, c * dim, norms[c], chosen[j]) > scores[i]) {
                    keep = false;
                    break;
                }
            }
            if (keep) {
                chosen[n++] = c;
            }
        }
        return n == chosen.length ? chosen : Arrays.copyOf(chosen, n);
    }

    private void addLink(int node, int level, int target) {
        int[] l = linksOf(node, level);
        int base = baseOf(node, level);
        int count = l[base];
        int max = level == 0 ? m0 : m;
        for (int i = 1; i <= count; i++) {
            if (l[base + i] == target) {
                return;
            }
        }
        if (count < max) {
            l[base + count + 1] = target;
            l[base] = count + 1;
            return;
        }
        // Full: choose again among the old links and the new one.
        int[] all = new int[count + 1];
        float[] scores = new float[count + 1];
        float nn = norms[node];
        for (int i = 0; i < count; i++) {
            all[i] = l[base + i + 1];
        }
        all[count] = target;
        for (int i = 0; i <= count; i++) {
            scores[i] = similarity(data, node * dim, nn, all[i]);
        }
        sortByScore(all, scores);
        setLinks(node, level, select(all, scores, max));
    }

    private static void sortByScore(int[] nodes, float[] scores) {
        // Insertion sort, best first: lists are at most 2M + 1 long.
        for (int i = 1; i < nodes.length; i++) {
            int n = nodes[i];
            float s = scores[i];
            int j = i - 1;
            while (j >= 0 && scores[j] < s) {
                nodes[j + 1] = nodes[j];
                scores[j + 1] = scores[j];
                j--;
            }
            nodes[j + 1] = n;
            scores[j + 1] = s;
        }
    }

    private int[] linksOf(int node, int level) {
        return level == 0 ? links0 : upper[node][level - 1];
    }

    private int baseOf(int node, int level) {
        return level == 0 ? node * (m0 + 1) : 0;
    }

    private void setCount(int node, int level, int count) {
        linksOf(node, level)[baseOf(node, level)] = count;
    }

    private void setLinks(int node, int level, int[] neighbours) {
        int[] l = linksOf(node, level);
        int base = baseOf(node, level);
        l[base] = neighbours.length;
        System.arraycopy(neighbours, 0, l, base + 1, neighbours.length);
    }

    /**
     * The approximately best {@code ef} nodes for query {@code q} that {@code accept} takes,
     * best first, as a min-heap drained by the caller; visits at most {@code budget} nodes at
     * level 0.
     *
     * @return the accepted nodes found, best first (possibly fewer than {@code ef})
     */
    int[] search(float[] q, float qNorm, int ef, IntPredicate accept, int budget) {
        if (entry < 0) {
            return new int[0];
        }
        int ep = entry;
        float epScore = similarity(q, 0, qNorm, ep);
        for (int l = maxLevel; l > 0; l--) {
            ep = greedy(q, 0, qNorm, ep, epScore, l);
            epScore = similarity(q, 0, qNorm, ep);
        }
        Visited visited = VISITED.get();
        visited.reset(levels.length);
        NodeHeap results = NodeHeap.min(ef + 1);
        NodeHeap candidates = NodeHeap.max(ef * 2);
        searchLayer(q, 0, qNorm, ep, epScore, ef, 0, visited, results, candidates, accept, budget);
        int n = results.size();
        int[] out = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            out[i] = results.topNode();
            results.pop();
        }
        return out;
    }

    /** Per-thread visited marks: a generation stamp per slot, so a reset is O(1). */
    private static final class Visited {
        private int[] marks = new int[0];
        private int generation;

        void reset(int capacity) {
            if (marks.length < capacity) {
                marks = new int[capacity];
                generation = 0;
            }
            if (++generation == Integer.MAX_VALUE) {
                Arrays.fill(marks, 0);
                generation = 1;
            }
        }

        /** Marks a node; false if it was marked already. */
        boolean add(int node) {
            if (marks[node] == generation) {
                return false;
            }
            marks[node] = generation;
            return true;
        }
    }
}
