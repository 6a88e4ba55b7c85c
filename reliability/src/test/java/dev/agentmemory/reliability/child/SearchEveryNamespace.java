package dev.agentmemory.reliability.child;

import dev.agentmemory.Match;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Search;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.StoreStats;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Confined to its main thread: a child JVM, started with a small heap, that searches every
 * namespace of a store round after round under an index budget, and writes the results of the
 * sampled namespaces for the parent to compare with an unbounded store's.
 *
 * <p>Arguments: the store URI, the budget in bytes, the namespace count, every how many
 * namespaces one is sampled, the rounds, the dimension, the results file. The last lines on
 * stdout are the index figures, the heap after a GC, and {@code done}.
 */
public final class SearchEveryNamespace {
    private SearchEveryNamespace() {}

    /** Searches, writes, exits; an OutOfMemoryError fails the process. */
    public static void main(String[] args) throws Exception {
        String uri = args[0];
        long budget = Long.parseLong(args[1]);
        int namespaces = Integer.parseInt(args[2]);
        int sampleEvery = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        int dim = Integer.parseInt(args[5]);
        Path results = Path.of(args[6]);
        try (MemoryStore store = MemoryStores.open(StoreConfig.builder(uri).indexBudget(budget).build());
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(results))) {
            for (int round = 0; round < rounds; round++) {
                for (int n = 0; n < namespaces; n++) {
                    Search search = Search.vector(GrowthData.query(n, round, dim)).topK(5);
                    List<Match> top = store.namespace("growth", GrowthData.namespace(n)).search(search);
                    if (top.size() != 5) {
                        throw new AssertionError("namespace " + n + " returned " + top.size() + " matches, not 5");
                    }
                    if (n % sampleEvery == 0) {
                        out.println(GrowthData.line(n, round, top));
                    }
                }
            }
            StoreStats.IndexStats s = store.stats().index();
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.println("evictions=" + s.evictions() + " loads=" + s.loads() + " misses=" + s.misses()
                    + " residentBytes=" + s.residentBytes() + " streamed=" + s.streamedSearches()
                    + " residentNamespaces=" + store.stats().indexedNamespaces());
            System.out.println("heapAfterGc=" + (rt.totalMemory() - rt.freeMemory()) + " maxHeap=" + rt.maxMemory());
        }
        System.out.println("done");
    }
}
