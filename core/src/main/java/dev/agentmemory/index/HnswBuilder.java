package dev.agentmemory.index;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Not thread-safe: the owner calls it under the write lock that guards the graph and store.
 * Adds slots of a {@link SlotStore} to an {@link HnswGraph}, as Lucene's
 * {@code HnswGraphBuilder}: a random level per node, neighbours found by the
 * {@link HnswSearcher}'s beam search, chosen by the diversity heuristic, and linked both ways.
 *
 * <p>Levels come from a generator seeded with a constant, so the same slots inserted in the
 * same order give the same graph (the benchmarks rely on it).
 */
public final class HnswBuilder {
    private final HnswGraph graph;
    private final SlotStore store;
    private final HnswSearcher searcher;
    private final int efConstruction;
    private final double levelFactor;
    private final SplittableRandom random = new SplittableRandom(42);

    /**
     * A builder that adds to {@code graph}.
     *
     * @param efConstruction beam width while linking a node
     * @param kernel the kernel the graph compares vectors with
     * @throws NullPointerException if an argument is null
     */
    public HnswBuilder(HnswGraph graph, SlotStore store, int efConstruction, VectorKernel kernel) {
        this.graph = graph;
        this.store = store;
        this.searcher = new HnswSearcher(graph, store, kernel);
        this.efConstruction = efConstruction;
        this.levelFactor = 1 / Math.log(graph.m());
    }

    /**
     * A new graph over every live slot of {@code store}, inserted in slot order.
     *
     * @param m links per node above level 0 (twice that at level 0)
     * @param efConstruction beam width while linking a node
     * @throws IllegalArgumentException if {@code m} is below 2
     */
    public static HnswBuilder build(SlotStore store, int m, int efConstruction, VectorKernel kernel) {
        HnswBuilder builder = new HnswBuilder(new HnswGraph(m), store, efConstruction, kernel);
        for (int i = 0; i < store.end(); i++) {
            if (!store.isFree(i)) {
                builder.insert(i);
            }
        }
        return builder;
    }

    /** The graph this builder adds to. */
    public HnswGraph graph() {
        return graph;
    }

    /** A searcher of this builder's graph, with the same kernel. */
    public HnswSearcher searcher() {
        return searcher;
    }

    /**
     * Adds a slot, or links it again if it is in the graph already (its vector changed).
     *
     * @throws ArrayIndexOutOfBoundsException if the slot is outside the store
     */
    public void insert(int node) {
        if (node >= graph.capacity()) {
            graph.ensureCapacity(store.capacity());
        }
        if (graph.level(node) >= 0) {
            relink(node);
            return;
        }
        int level = (int) (-Math.log(1 - random.nextDouble()) * levelFactor);
        boolean first = graph.entry() < 0;
        graph.addNode(node, level);
        if (first) {
            return;
        }
        link(node, level, graph.entry());
        graph.promote(node);
    }

    /** Links a node whose vector changed again, from a fresh search; its level stays. */
    private void relink(int node) {
        graph.markRelinked();
        int ep = graph.entry();
        int top = graph.level(node);
        if (node == ep) {
            // Start from one of its own neighbours, on the highest level that has one.
            ep = -1;
            for (int l = top; l >= 0 && ep < 0; l--) {
                int[] links = graph.linksOf(node, l);
                int base = graph.baseOf(node, l);
                if (links[base] > 0) {
                    ep = links[base + 1];
                }
            }
            if (ep < 0) {
                return;
            }
        }
        for (int l = 0; l <= top; l++) {
            graph.setCount(node, l, 0);
        }
        link(node, top, ep);
    }

    /** Links a node from entry point {@code ep}, on the levels both have. */
    private void link(int node, int level, int ep) {
        float[] q = store.vectors();
        int qo = node * store.dimension();
        float qn = store.norms()[node];
        int top = Math.min(graph.maxLevel(), graph.level(ep));
        float epScore = searcher.similarity(q, qo, qn, ep);
        for (int l = top; l > level; l--) {
            ep = searcher.greedy(q, qo, qn, ep, epScore, l);
            epScore = searcher.similarity(q, qo, qn, ep);
        }
        NodeHeap results = NodeHeap.min(efConstruction + 1);
        NodeHeap candidates = NodeHeap.max(efConstruction * 2);
        for (int l = Math.min(level, top); l >= 0; l--) {
            HnswSearcher.Visited visited = searcher.visited();
            visited.add(node);
            results.clear();
            candidates.clear();
            searcher.searchLayer(q, qo, qn, ep, epScore, efConstruction, l, visited, results, candidates, null,
                    Integer.MAX_VALUE);
            int n = results.size();
            int[] sorted = new int[n];
            float[] sortedScores = new float[n];
            for (int i = n - 1; i >= 0; i--) {
                sorted[i] = results.topNode();
                sortedScores[i] = results.topScore();
                results.pop();
            }
            int[] chosen = select(sorted, sortedScores, graph.maxLinks(l));
            graph.setLinks(node, l, chosen);
            for (int nb : chosen) {
                addLink(nb, l, node);
            }
            ep = sorted[0];
            epScore = sortedScores[0];
        }
    }

    /**
     * The neighbour-selection heuristic: walking candidates best first, keep one only if it is
     * closer to the base than to every neighbour kept so far, which spreads links out.
     */
    private int[] select(int[] candidates, float[] scores, int max) {
        float[] data = store.vectors();
        int dim = store.dimension();
        int[] chosen = new int[Math.min(max, candidates.length)];
        int n = 0;
        for (int i = 0; i < candidates.length && n < chosen.length; i++) {
            int c = candidates[i];
            boolean keep = true;
            for (int j = 0; j < n; j++) {
                if (searcher.similarity(data, c * dim, store.norms()[c], chosen[j]) > scores[i]) {
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
        int[] l = graph.linksOf(node, level);
        int base = graph.baseOf(node, level);
        int count = l[base];
        int max = graph.maxLinks(level);
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
        float nn = store.norms()[node];
        int dim = store.dimension();
        for (int i = 0; i < count; i++) {
            all[i] = l[base + i + 1];
        }
        all[count] = target;
        for (int i = 0; i <= count; i++) {
            scores[i] = searcher.similarity(store.vectors(), node * dim, nn, all[i]);
        }
        sortByScore(all, scores);
        graph.setLinks(node, level, select(all, scores, max));
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
}
