package dev.agentmemory.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.reliability.child.GrowthData;
import dev.agentmemory.reliability.child.SearchEveryNamespace;
import dev.agentmemory.reliability.support.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Growth under a small heap: many namespaces whose vectors alone (2,000 x 50 x 384 floats, 154
 * MB) exceed the 128 MB heap of a child JVM, searched round after round under a 32 MB index
 * budget. Without a bound the child would hold every namespace it searched and run out of heap
 * about two thirds of the way through; with it, the child finishes, its indexes were evicted and
 * reloaded, and the results of sampled namespaces equal an unbounded store's, to the id and the
 * sixth decimal of the score.
 */
@Timeout(600)
class IndexGrowthIT {
    private static final int NAMESPACES = 2_000;
    private static final int PER_NAMESPACE = 50;
    private static final int DIM = 384;
    private static final int SAMPLE_EVERY = 40;
    private static final int ROUNDS = 2;
    private static final long BUDGET = 32L * 1024 * 1024;
    private static final Pattern FIGURES = Pattern.compile(
            "evictions=(\\d+) loads=(\\d+) misses=(\\d+) residentBytes=(\\d+) streamed=(\\d+)");
    private static final Pattern HEAP = Pattern.compile("heapAfterGc=(\\d+) maxHeap=(\\d+)");

    @TempDir
    Path dir;

    @Test
    void many_namespaces_under_a_small_heap_are_searched_without_running_out_and_agree_with_an_unbounded_store()
            throws Exception {
        String uri = "sqlite:" + dir.resolve("growth.db");
        try (MemoryStore store = MemoryStores.open(uri)) {
            for (int n = 0; n < NAMESPACES; n++) {
                List<MemoryDraft> drafts = new ArrayList<>(PER_NAMESPACE);
                for (int i = 0; i < PER_NAMESPACE; i++) {
                    drafts.add(MemoryDraft.of("memory " + i + " of namespace " + n)
                            .embedding(GrowthData.vector(n, i, DIM)).metadata("i", (long) i));
                }
                store.namespace("growth", GrowthData.namespace(n)).putAll(drafts);
            }
        }

        Path results = dir.resolve("bounded.txt");
        Path out = dir.resolve("child.out");
        Process child = ChildJvm.startWithHeap("128m", SearchEveryNamespace.class, out, uri, Long.toString(BUDGET),
                Integer.toString(NAMESPACES), Integer.toString(SAMPLE_EVERY), Integer.toString(ROUNDS),
                Integer.toString(DIM), results.toString());
        boolean finished = child.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly();
        }
        String output = Files.readString(out);
        assertThat(finished).as("the child finished; its output:%n%s", output).isTrue();
        assertThat(child.exitValue()).as("the child exited normally (no OutOfMemoryError); output:%n%s", output)
                .isZero();
        assertThat(output).doesNotContain("OutOfMemoryError").contains("done");

        Matcher figures = FIGURES.matcher(output);
        assertThat(figures.find()).as("figures in %s", output).isTrue();
        Matcher heap = HEAP.matcher(output);
        assertThat(heap.find()).isTrue();
        System.out.println("[IndexGrowthIT] " + NAMESPACES + " namespaces x " + PER_NAMESPACE + " x " + DIM
                + "-d, child -Xmx128m, budget " + (BUDGET >> 20) + " MB, " + ROUNDS + " rounds: " + figures.group()
                + ", " + heap.group());
        assertThat(Long.parseLong(figures.group(1))).as("indexes were evicted").isPositive();
        assertThat(Long.parseLong(figures.group(2))).as("every namespace was loaded, evicted ones again")
                .isGreaterThan(NAMESPACES);
        assertThat(Long.parseLong(figures.group(4))).as("resident bytes within the budget")
                .isLessThanOrEqualTo(BUDGET);
        assertThat(Long.parseLong(figures.group(5))).as("no namespace is larger than the budget").isZero();
        // The budget plus the store's fixed overhead (pools, statement caches, the JVM's own)
        // and the garbage a collection leaves.
        assertThat(Long.parseLong(heap.group(1))).as("heap after GC").isLessThan(BUDGET + 48L * 1024 * 1024);

        List<String> bounded = Files.readAllLines(results);
        assertThat(bounded).hasSize(ROUNDS * (NAMESPACES / SAMPLE_EVERY));
        List<String> unbounded = new ArrayList<>();
        try (MemoryStore store = MemoryStores.open(StoreConfig.builder(uri).indexBudget(Long.MAX_VALUE).build())) {
            for (int round = 0; round < ROUNDS; round++) {
                for (int n = 0; n < NAMESPACES; n += SAMPLE_EVERY) {
                    Namespace ns = store.namespace("growth", GrowthData.namespace(n));
                    unbounded.add(GrowthData.line(n, round,
                            ns.search(Search.vector(GrowthData.query(n, round, DIM)).topK(5))));
                }
            }
        }
        assertThat(bounded).as("the bounded child's results are the unbounded store's").isEqualTo(unbounded);
    }
}
