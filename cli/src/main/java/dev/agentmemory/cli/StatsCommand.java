package dev.agentmemory.cli;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.StoreStats;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Confined to the calling thread: {@code agent-memory stats}. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Prints the backend, its pools, and the number of memories and messages of the namespaces and conversations named.")
public final class StatsCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = "--tenant", description = "The tenant whose namespaces and conversations to count")
    String tenant;

    @Option(names = {"--namespace", "-n"}, split = ",", description = "Namespaces to count")
    java.util.List<String> namespaces = new java.util.ArrayList<>();

    @Option(names = {"--session", "-s"}, split = ",", description = "Conversations to count")
    java.util.List<String> sessions = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        try (MemoryStore s = store.open()) {
            StoreStats stats = s.stats();
            System.out.println("backend: " + stats.backend());
            for (StoreStats.PoolStats p : stats.pools()) {
                System.out.printf("pool %s: %d open, %d active, %d idle, %d waiting%n", p.name(), p.total(), p.active(),
                        p.idle(), p.waiting());
            }
            if (tenant != null) {
                for (String ns : namespaces) {
                    System.out.printf("namespace %s/%s: %d memories%n", tenant, ns, s.namespace(tenant, ns).count());
                }
                for (String session : sessions) {
                    System.out.printf("conversation %s/%s: %d messages%n", tenant, session,
                            s.conversation(tenant, session).size());
                }
                stats = s.stats();
            }
            System.out.printf("index: %d namespaces loaded, %d vectors%n", stats.indexedNamespaces(), stats.indexedVectors());
            for (Map.Entry<String, StoreStats.OperationStats> e : new java.util.TreeMap<>(stats.operations()).entrySet()) {
                StoreStats.OperationStats o = e.getValue();
                System.out.printf("operation %s: %d calls, %d failures, %d retries, mean %d us, max %d us%n", e.getKey(),
                        o.calls(), o.failures(), o.retries(), o.meanMicros(), o.maxMicros());
            }
            return 0;
        }
    }
}
