package dev.agentmemory.index;

import java.util.Arrays;

/**
 * Confined to the calling thread: a binary heap of (node, score) pairs on primitive arrays,
 * for the graph search. A min-heap keeps the worst score on top (the result set); a max-heap
 * keeps the best on top (the candidates to expand).
 */
final class NodeHeap {
    private final boolean max;
    private int[] nodes;
    private float[] scores;
    private int size;

    NodeHeap(int capacity, boolean max) {
        this.max = max;
        this.nodes = new int[Math.max(4, capacity)];
        this.scores = new float[nodes.length];
    }

    static NodeHeap min(int capacity) {
        return new NodeHeap(capacity, false);
    }

    static NodeHeap max(int capacity) {
        return new NodeHeap(capacity, true);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        size = 0;
    }

    int topNode() {
        return nodes[0];
    }

    float topScore() {
        return scores[0];
    }

    private boolean above(float a, float b) {
        return max ? a > b : a < b;
    }

    void push(int node, float score) {
        if (size == nodes.length) {
            nodes = Arrays.copyOf(nodes, size * 2);
            scores = Arrays.copyOf(scores, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!above(score, scores[parent])) {
                break;
            }
            nodes[i] = nodes[parent];
            scores[i] = scores[parent];
            i = parent;
        }
        nodes[i] = node;
        scores[i] = score;
    }

    /** Removes the top; read it first with {@link #topNode()} and {@link #topScore()}. */
    void pop() {
        int n = --size;
        if (n == 0) {
            return;
        }
        int node = nodes[n];
        float score = scores[n];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= n) {
                break;
            }
            int r = l + 1;
            int c = r < n && above(scores[r], scores[l]) ? r : l;
            if (!above(scores[c], score)) {
                break;
            }
            nodes[i] = nodes[c];
            scores[i] = scores[c];
            i = c;
        }
        nodes[i] = node;
        scores[i] = score;
    }
}
