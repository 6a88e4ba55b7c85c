package dev.agentmemory.examples;

import dev.agentmemory.Filter;
import dev.agentmemory.Match;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.StoreStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Confined to the main thread: the quick start. Stores notes for one tenant in a SQLite file
 * under {@code ./data}, searches them, then shares the one store with 16 threads at once.
 *
 * <p>Run it with {@code mvn -q -Pquickstart -DskipTests package}; pass a store URI as the first
 * argument (or set {@code AGENT_MEMORY_STORE}) to use another database.
 */
public final class QuickStart {
    private static final HashingEmbedder EMBEDDER = new HashingEmbedder();

    private QuickStart() {}

    /**
     * Runs the quick start.
     *
     * @param args optional store URI
     * @throws Exception if the concurrent part fails
     */
    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 ? args[0]
                : System.getenv().getOrDefault("AGENT_MEMORY_STORE", "sqlite:./data/quickstart.db");
        System.out.println("agent-memory quick start on " + uri);
        System.out.println(run(uri));
    }

    /**
     * The whole example; returns what it printed, so a test can run it.
     *
     * @param uri the store URI
     * @return the report
     * @throws Exception if the concurrent part fails
     */
    public static String run(String uri) throws Exception {
        StringBuilder out = new StringBuilder();
        // README example: begin
        try (MemoryStore store = MemoryStores.open(uri)) {
            Namespace notes = store.namespace("alice", "personal");
            MemoryId id = notes.put(MemoryDraft.of("Alice's team meets on Tuesdays at ten")
                    .embedding(EMBEDDER.embed("Alice's team meets on Tuesdays at ten"))
                    .metadata("source", "calendar"));
            notes.put(MemoryDraft.of("Alice prefers tea to coffee")
                    .embedding(EMBEDDER.embed("Alice prefers tea to coffee"))
                    .metadata("source", "chat"));

            List<Match> hits = notes.search(Search.vector(EMBEDDER.embed("when does the team meet?"))
                    .topK(3)
                    .where(Filter.eq("source", "calendar")));
            out.append("best match: ").append(hits.get(0).memory().content())
                    .append(String.format(" (score %.2f)%n", hits.get(0).score()));
            out.append("stored as: ").append(notes.get(id).orElseThrow()).append('\n');
            // README example: end
            out.append(shareBetweenThreads(store));
            StoreStats stats = store.stats();
            out.append("backend ").append(stats.backend()).append(", pools ").append(stats.pools()).append('\n');
        }
        return out.toString();
    }

    /** 16 threads write and search through the one store at once; nothing fails. */
    private static String shareBetweenThreads(MemoryStore store) throws Exception {
        String[] topics = {"projects", "academic", "style"};
        AtomicInteger operations = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int worker = t;
                futures.add(pool.submit(() -> {
                    Namespace ns = store.namespace("alice", topics[worker % topics.length]);
                    for (int i = 0; i < 25; i++) {
                        String text = "note " + i + " from worker " + worker + " about " + ns.name();
                        ns.put(MemoryDraft.of(text).embedding(EMBEDDER.embed(text)));
                        store.search("alice", List.of(topics), Search.vector(EMBEDDER.embed(text)).topK(5));
                        operations.addAndGet(2);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(); // rethrows the first failure, if any
            }
        } finally {
            pool.shutdown();
        }
        long total = 0;
        for (String topic : topics) {
            total += store.namespace("alice", topic).count();
        }
        return "16 threads, " + operations.get() + " operations on one shared store, 0 failed; "
                + total + " notes across " + String.join("/", topics) + "\n";
    }
}
