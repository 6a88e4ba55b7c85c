package dev.agentmemory.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Filter;
import dev.agentmemory.ListQuery;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.reliability.support.History;
import dev.agentmemory.reliability.support.History.Event;
import dev.agentmemory.reliability.support.History.Kind;
import dev.agentmemory.reliability.support.Workers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A history checker over a multi-threaded random run on a file store: every call's start and end
 * are recorded per thread, then {@link History#violations} checks that every acknowledged put is
 * seen by every get, search and list that started after it ended (until a delete starts), and a
 * deleted id by none that started after the delete ended. Two store instances on one file share
 * the load, so freshness across instances (the change counter) is checked too.
 */
@Timeout(300)
class HistoryLinearizabilityIT {
    private static final int THREADS = 8;
    private static final int DIM = 16;
    private static final long SEED = Long.getLong("reliability.seed", System.nanoTime());

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2"})
    void reads_respect_the_real_time_order_of_puts_and_deletes(String backend) throws Exception {
        String uri = backend + ":" + dir.resolve("history" + (backend.equals("sqlite") ? ".db" : ""));
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        List<MemoryId> acknowledged = Collections.synchronizedList(new ArrayList<>());
        Map<MemoryId, float[]> vectors = new ConcurrentHashMap<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.getLong("reliability.historySeconds", 8));
        try (MemoryStore first = MemoryStores.open(uri); MemoryStore second = MemoryStores.open(uri)) {
            Workers.run("history", THREADS, Duration.ofSeconds(120), w -> {
                Random random = new Random(SEED + w);
                Namespace ns = (w % 2 == 0 ? first : second).namespace("t", "history");
                List<Event> mine = new ArrayList<>();
                int n = 0;
                while (System.nanoTime() < end) {
                    int r = random.nextInt(10);
                    if (r < 3 || acknowledged.size() < 5) {
                        float[] v = new float[DIM];
                        for (int d = 0; d < DIM; d++) {
                            v[d] = (float) random.nextGaussian();
                        }
                        String key = "w" + w + "-" + n++;
                        long s = System.nanoTime();
                        MemoryId id = ns.put(MemoryDraft.of("history " + key).embedding(v).metadata("key", key));
                        long e = System.nanoTime();
                        vectors.put(id, v);
                        mine.add(new Event(Kind.PUT, id.toString(), s, e, true));
                        acknowledged.add(id);
                        continue;
                    }
                    MemoryId id = acknowledged.get(random.nextInt(acknowledged.size()));
                    String key = "w" + w + "-";
                    if (r < 4) {
                        long s = System.nanoTime();
                        boolean deleted = ns.delete(id);
                        mine.add(new Event(Kind.DELETE, id.toString(), s, System.nanoTime(), deleted));
                        continue;
                    }
                    Kind kind = r < 6 ? Kind.GET : r < 8 ? Kind.SEARCH : Kind.LIST;
                    long s = System.nanoTime();
                    boolean seen = switch (kind) {
                        case GET -> ns.get(id).isPresent();
                        case SEARCH -> ns.search(Search.vector(vectors.get(id)).topK(3).where(Filter.gte("key", "")))
                                .stream().anyMatch(m -> m.memory().id().equals(id) && m.score() > 0.999);
                        default -> ns.list(ListQuery.first(1).where(Filter.eq("key",
                                ns.get(id).map(m -> m.metadata().getString("key").orElseThrow()).orElse(key))))
                                .items().stream().anyMatch(m -> m.id().equals(id));
                    };
                    mine.add(new Event(kind, id.toString(), s, System.nanoTime(), seen));
                }
                events.addAll(mine);
            });
        }
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        events.forEach(e -> counts.merge(e.kind(), 1, Integer::sum));
        List<String> violations = History.violations(events);
        System.out.printf("[history] %s: %d threads on 2 store instances, %d calls %s, %d violations (seed %d)%n",
                backend, THREADS, events.size(), counts, violations.size(), SEED);
        assertThat(violations).as("real-time order violations (seed %d)", SEED).isEmpty();
    }
}
