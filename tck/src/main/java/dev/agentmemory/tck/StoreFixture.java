package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Limits;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.Page;
import dev.agentmemory.ListQuery;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.ValidationException;
import dev.agentmemory.jdbc.JdbcSettings;
import dev.agentmemory.tck.confinement.ConfinementChecker;
import dev.agentmemory.tck.support.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confined to the JUnit thread that runs the test: the base of the contract test kit. Opens
 * stores as users do, checks connection confinement, and cleans up.
 *
 * <p>Every store is opened with {@link MemoryStores#open(StoreConfig)} (backend discovery
 * through {@link java.util.ServiceLoader}) from the backend's {@link #storeConfig(Path)}, with
 * a fresh {@link ConfinementChecker} installed through
 * {@link JdbcSettings#DATA_SOURCE_DECORATOR}. After each test every store opened is closed and
 * every checker must be clean: no connection used from another thread or after its return,
 * none still borrowed.
 *
 * <p>Randomness is seeded per test (from the test's name, or from the system property
 * {@value #SEED_PROPERTY}), and the seed is in every failure message that depends on it. Names
 * of tenants and namespaces are unique per JVM run, so backends that share one database
 * between tests (a server) are safe.
 *
 * <p>Backend differences are capability hooks with safe defaults, never skipped tests.
 */
@Timeout(120)
public abstract class StoreFixture {
    /** Set to a number to change every test's seed. */
    public static final String SEED_PROPERTY = "agentmemory.tck.seed";

    private static final String RUN = Long.toString(System.nanoTime() & 0xFFFFFFFFFL, 36);
    private static final AtomicLong NAMES = new AtomicLong();

    /** A directory of this test's own; backends put their files here. */
    @TempDir
    protected Path tempDir;

    private final List<MemoryStore> opened = Collections.synchronizedList(new ArrayList<>());
    private final List<ConfinementChecker> checkers = Collections.synchronizedList(new ArrayList<>());
    private MemoryStore store;
    private long seed;
    private TestData data;

    /**
     * The configuration of a store for this test; called once per store opened. Calling it
     * again with the same directory must address the same database if
     * {@link #supportsSecondInstance()} says so.
     */
    protected abstract StoreConfig.Builder storeConfig(Path tempDir);

    /**
     * True if a second store opened from {@link #storeConfig(Path)} with the same directory
     * sees the same database (true for files and servers, false for private in-memory
     * databases). Enables the cross-instance freshness and durability tests.
     */
    protected boolean supportsSecondInstance() {
        return true;
    }

    /**
     * True if the backend borrows its connections through the {@link javax.sql.DataSource} that
     * {@link JdbcSettings#DATA_SOURCE_DECORATOR} wraps (every JDBC backend). Then each test also
     * proves the confinement checker was installed: it must have seen connections borrowed.
     */
    protected boolean checksConnectionConfinement() {
        return true;
    }

    @BeforeEach
    final void seedRandomness(TestInfo info) {
        String configured = System.getProperty(SEED_PROPERTY);
        long base = configured == null ? 0x5EED_2024L : Long.parseLong(configured);
        seed = base ^ (info.getTestClass().map(Class::getName).orElse("") + "#" + info.getDisplayName()).hashCode();
        data = new TestData(new Random(seed));
    }

    @AfterEach
    final void closeStoresAndCheckConfinement() {
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
        if (checksConnectionConfinement() && !checkers.isEmpty()) {
            assertThat(borrows).as("connections borrowed through the confinement checker of %d stores: "
                    + "is JdbcSettings.DATA_SOURCE_DECORATOR applied?", checkers.size()).isPositive();
        }
    }

    /** The store of this test, opened on first use. */
    protected MemoryStore store() {
        if (store == null) {
            store = openStore();
        }
        return store;
    }

    /** Opens another store on this test's database (see {@link #supportsSecondInstance()}). */
    protected MemoryStore openStore() {
        return openStore(b -> b);
    }

    /** Opens a store with a changed configuration, for example small {@link Limits}. */
    protected MemoryStore openStore(UnaryOperator<StoreConfig.Builder> customizer) {
        return openStore(customizer, UnaryOperator.identity());
    }

    /**
     * Opens a store whose connections also pass through {@code faults}, a
     * {@link JdbcSettings#DATA_SOURCE_DECORATOR} that injects failures; the confinement checker
     * wraps it.
     */
    protected MemoryStore openStore(UnaryOperator<StoreConfig.Builder> customizer, UnaryOperator<DataSource> faults) {
        ConfinementChecker checker = new ConfinementChecker();
        UnaryOperator<DataSource> checked = checker.decorator();
        StoreConfig config = customizer.apply(storeConfig(tempDir))
                .attribute(JdbcSettings.DATA_SOURCE_DECORATOR, ds -> checked.apply(faults.apply(ds)))
                .build();
        checkers.add(checker);
        MemoryStore s = MemoryStores.open(config);
        opened.add(s);
        return s;
    }

    /** Opens a store with {@code limits}. */
    protected MemoryStore openStore(Limits limits) {
        return openStore(b -> b.limits(limits));
    }

    /** The confinement checkers installed so far, one per store opened. */
    protected List<ConfinementChecker> checkers() {
        return List.copyOf(checkers);
    }

    /** This test's seeded data generator. */
    protected TestData data() {
        return data;
    }

    /** This test's seed, to put in failure messages. */
    protected String seedInfo() {
        return "seed " + seed + " (rerun with -D" + SEED_PROPERTY + "=<base> to vary)";
    }

    /** A tenant or namespace name no other test uses: {@code prefix-<run>-<n>}. */
    protected static String uniqueName(String prefix) {
        return prefix + "-" + RUN + "-" + NAMES.incrementAndGet();
    }

    /** A new tenant name. */
    protected static String newTenant() {
        return uniqueName("tenant");
    }

    /** A new, empty namespace of a new tenant in {@link #store()}. */
    protected Namespace newNamespace() {
        return store().namespace(newTenant(), uniqueName("ns"));
    }

    /** A seeded random vector. */
    protected float[] vector(int dim) {
        return data.vector(dim);
    }

    /** A draft with this content and a seeded random vector. */
    protected MemoryDraft draft(String content, int dim) {
        return data.plainDraft(content, dim);
    }

    /** Every memory of {@code ns}, in id order, read page by page. */
    protected static List<Memory> listAll(Namespace ns) {
        return listAll(ns, ListQuery.first(97));
    }

    /** Every memory {@code first} and its following pages return, in order. */
    protected static List<Memory> listAll(Namespace ns, ListQuery first) {
        List<Memory> out = new ArrayList<>();
        ListQuery q = first;
        for (int pages = 0; ; pages++) {
            assertThat(pages).as("listing %s/%s does not end", ns.tenant(), ns.name()).isLessThan(100_000);
            Page<Memory> page = ns.list(q);
            if (!out.isEmpty() && !page.items().isEmpty()) {
                assertThat(page.items().get(0).id()).as("page %d of %s/%s starts after the previous page", pages,
                        ns.tenant(), ns.name()).isGreaterThan(out.get(out.size() - 1).id());
            }
            out.addAll(page.items());
            if (page.nextCursor().isEmpty()) {
                return out;
            }
            q = q.after(page.nextCursor().get());
        }
    }

    /** The ids of {@code memories}, in order. */
    protected static List<MemoryId> ids(List<Memory> memories) {
        return memories.stream().map(Memory::id).toList();
    }

    /**
     * Asserts that {@code call} throws a {@link ValidationException} with {@code code} whose
     * message names the store and the operation.
     *
     * @return the exception, for more checks
     */
    protected ValidationException assertRejected(MemoryStore s, ErrorCode code, String operation, ThrowingCallable call) {
        ValidationException e = catchThrowableOfType(ValidationException.class, call);
        assertThat(e).as("%s should be rejected with %s", operation, code).isNotNull();
        assertThat(e.code()).as("error code of %s; message: %s", operation, e.getMessage()).isEqualTo(code);
        assertThat(e.getMessage()).as("the message names the store").contains(s.describe());
        assertThat(e.getMessage()).as("the message names the operation").contains(operation);
        return e;
    }
}
