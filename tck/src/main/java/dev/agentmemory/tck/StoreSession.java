package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.tck.confinement.ConfinementChecker;
import dev.agentmemory.tck.support.MutableClock;
import dev.agentmemory.tck.support.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Thread-safe: the workers of a test share it. One test's state: its directory, seed, clock,
 * the stores it opened and, where the backend is {@link ConfinementCheckedContract}, one
 * {@link ConfinementChecker} per store.
 */
final class StoreSession {
    private final StoreFixture fixture;
    private final Path dir;
    private final long seed;
    private final TestData data;
    private final MutableClock clock = new MutableClock(StoreFixture.CLOCK_START);
    private final List<MemoryStore> opened = Collections.synchronizedList(new ArrayList<>());
    private final List<ConfinementChecker> checkers = Collections.synchronizedList(new ArrayList<>());
    /** Per store opened through a tap: the backend's data sources, as the tap saw them (inside the checker). */
    private final Map<MemoryStore, List<DataSource>> tapped = Collections.synchronizedMap(new IdentityHashMap<>());
    private MemoryStore store;
    private MemoryStore clockedStore;

    private StoreSession(StoreFixture fixture, Path dir, long seed) {
        this.fixture = fixture;
        this.dir = dir;
        this.seed = seed;
        this.data = new TestData(new Random(seed));
    }

    static StoreSession start(StoreFixture fixture, String testName) throws IOException {
        String configured = System.getProperty(StoreFixture.SEED_PROPERTY);
        long base = configured == null ? 0x5EED_2024L : Long.parseLong(configured);
        return new StoreSession(fixture, Files.createTempDirectory("agentmemory-tck-"), base ^ testName.hashCode());
    }

    synchronized MemoryStore store() {
        if (store == null) {
            store = open(UnaryOperator.identity(), null);
        }
        return store;
    }

    synchronized MemoryStore clockedStore() {
        if (clockedStore == null) {
            clockedStore = open(b -> b.clock(clock), null);
        }
        return clockedStore;
    }

    MutableClock clock() {
        return clock;
    }

    TestData data() {
        return data;
    }

    String seedInfo() {
        return "seed " + seed + " (rerun with -D" + StoreFixture.SEED_PROPERTY + "=<base> to vary)";
    }

    /** The checkers installed so far, one per store opened (none unless the backend is confinement-checked). */
    List<ConfinementChecker> checkers() {
        return List.copyOf(checkers);
    }

    /**
     * Opens a store from the backend's configuration changed by {@code customizer}; its
     * connections pass through {@code faults} (if not null), then through a fresh confinement
     * checker.
     *
     * @throws IllegalStateException if {@code faults} is given to a backend that does not tap its connections
     */
    MemoryStore open(UnaryOperator<StoreConfig.Builder> customizer, UnaryOperator<DataSource> faults) {
        StoreConfig.Builder base = fixture.storeConfig(dir);
        if (fixture instanceof BoundedIndexContract bounded) {
            base.indexBudget(bounded.indexBudget()); // before the customizer, so a test may set its own
        }
        StoreConfig.Builder builder = customizer.apply(base);
        List<DataSource> seen = new CopyOnWriteArrayList<>();
        if (fixture instanceof ConfinementCheckedContract checked) {
            ConfinementChecker checker = new ConfinementChecker();
            UnaryOperator<DataSource> decorator = checker.decorator();
            UnaryOperator<DataSource> inner = faults == null ? UnaryOperator.identity() : faults;
            builder = checked.connectionTap().install(builder, ds -> {
                seen.add(ds);
                return decorator.apply(inner.apply(ds));
            });
            checkers.add(checker);
        } else if (faults != null) {
            throw new IllegalStateException("tck: faults can only be injected into the connections of a backend"
                    + " whose test implements ConfinementCheckedContract");
        }
        MemoryStore s = MemoryStores.open(builder.build());
        opened.add(s);
        tapped.put(s, seen);
        return s;
    }

    /**
     * The data sources the backend passed through the tap when {@code store} was opened, in the
     * order it did; empty for a store not opened through a tap.
     */
    List<DataSource> dataSources(MemoryStore store) {
        return List.copyOf(tapped.getOrDefault(store, List.of()));
    }

    /**
     * Closes every store (newest first), then checks confinement and deletes the directory.
     *
     * @throws AssertionError if a connection was misused or not returned, or none was seen
     */
    void finish() throws IOException {
        try {
            List<MemoryStore> stores = new ArrayList<>(opened);
            Collections.reverse(stores);
            for (MemoryStore s : stores) {
                s.close();
            }
            long borrows = 0;
            for (ConfinementChecker checker : checkers) {
                checker.assertClean();
                borrows += checker.borrows();
            }
            if (!checkers.isEmpty()) {
                assertThat(borrows).as("connections borrowed through the confinement checker of %d stores: does the"
                        + " backend apply its ConnectionTap?", checkers.size()).isPositive();
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("tck: cannot delete " + p + " after the test", e);
                }
            });
        }
    }
}
