package dev.agentmemory.index;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Thread-safe while the graph and store do not change: a search keeps its scratch state in a
 * thread-local, so concurrent searches share nothing mutable. The search of an
 * {@link HnswGraph}, as Lucene's {@code HnswGraphSearcher}: a greedy descent through the upper
 * levels, then a beam search of level 0. The builder uses the same beam search to find a new
 * node's neighbours.
 */
public final class HnswSearcher {
    private static final ThreadLocal<Visited> VISITED = ThreadLocal.withInitial(Visited::new);

    private final HnswGraph graph;
    private final SlotStore store;
    private final VectorKernel kernel;

    /**
     * A searcher of {@code graph}, whose nodes are slots of {@code store}.
     *
     * @param kernel the kernel the graph compares vectors with
     * @throws NullPointerException if an argument is null
     */
    public HnswSearcher(HnswGraph graph, SlotStore store, VectorKernel kernel) {
        if (graph == null || store == null || kernel == null) {
            throw new NullPointerException("graph, store and kernel are required");
        }
        this.graph = graph;
        this.store = store;
        this.kernel = kernel;
    }

    /**
     * The approximately best {@code ef} nodes for query {@code q} that {@code accept} takes,
     * best first; visits at most {@code budget} nodes at level 0.
     *
     * @param qNorm the query's norm ({@link VectorKernels#norm})
     * @return the accepted nodes found, best first (possibly fewer than {@code ef})
     * @throws ArrayIndexOutOfBoundsException if the query is shorter than the stored vectors
     */
    public int[] search(float[] q, float qNorm, int ef, IntPredicate accept, int budget) {
        int ep = graph.entry();
        if (ep < 0) {
            return new int[0];
        }
        float epScore = similarity(q, 0, qNorm, ep);
        for (int l = graph.maxLevel(); l > 0; l--) {
            ep = greedy(q, 0, qNorm, ep, epScore, l);
            epScore = similarity(q, 0, qNorm, ep);
        }
        Visited visited = visited();
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

    /** The cosine similarity of {@code q[qOffset...]} (norm {@code qNorm}) and the vector of {@code node}. */
    float similarity(float[] q, int qOffset, float qNorm, int node) {
        return FloatVectorScorer.cosine(kernel, store.vectors(), node * store.dimension(), store.norms()[node], q,
                qOffset, qNorm, store.dimension());
    }

    /** This thread's visited marks, reset for the graph's capacity. */
    Visited visited() {
        Visited visited = VISITED.get();
        visited.reset(graph.capacity());
        return visited;
    }

    /** Walks level {@code level} from {@code ep} to the neighbour closest to the query, greedily. */
    int greedy(float[] q, int qo, float qn, int ep, float epScore, int level) {
        boolean moved = true;
        while (moved) {
            moved = false;
            int[] l = graph.linksOf(ep, level);
            int base = graph.baseOf(ep, level);
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
    void searchLayer(float[] q, int qo, float qn, int ep, float epScore, int ef, int level, Visited visited,
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
            int[] l = graph.linksOf(c, level);
            int base = graph.baseOf(c, level);
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

    /** Per-thread visited marks: a generation stamp per slot, so a reset is O(1). */
    static final class Visited {
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
