package dev.agentmemory.tck.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.agentmemory.KnownBackend;
import java.util.Arrays;
import java.util.List;

/**
 * Thread-safe: constants and static factories. The static half of the thread-safety contract
 * (see {@code docs/THREADING.md}): ArchUnit rules over compiled classes. The dynamic half is
 * {@link dev.agentmemory.tck.confinement.ConfinementChecker}.
 *
 * <p>A module applies every rule to the production classes on its classpath like this (the
 * {@code agent-memory-architecture} module does it for the whole reactor):
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "dev.agentmemory", importOptions = ImportOption.DoNotIncludeTests.class)
 * class ThreadSafetyArchitectureTest {
 *     @ArchTest
 *     static final ArchTests thread_safety = ArchTests.in(ThreadSafetyRules.class);
 * }
 * }</pre>
 *
 * <p>Only production classes are analysed ({@code ImportOption.DoNotIncludeTests}): tests may
 * pass connections between threads on purpose, and the fixtures that prove each rule fires
 * live in the tck's test sources.
 *
 * <p>Each rule that targets packages is built by a factory taking the packages, so that its
 * test can point it at fixture packages; the {@code @ArchTest} field applies it to the real
 * ones. Package-scoped rules allow an empty selection, because a module that applies the set
 * need not contain every kind of package (a backend has no web demo); the architecture module
 * checks that its import does contain every module.
 *
 * <p><b>The two exemptions.</b> {@value #CONFINEMENT_CHECKER_PACKAGE}, the confinement checker,
 * and {@value #DRIVER_LAYER_PACKAGE}, the SQLite statement cache, are exempt from
 * {@link #no_class_keeps_a_connection_statement_result_set_or_handle_in_a_field} and from
 * nothing else. Both wrap a connection, so they necessarily hold it in a field: the checker is
 * test infrastructure whose proxies are confined to the borrowing thread, which is what they
 * check; the statement cache sits beneath the pool, as part of the physical connection the pool
 * lends to one thread at a time, the way a driver holds its own statements.
 */
public final class ThreadSafetyRules {

    /** The root package of the project. */
    public static final String ROOT = "dev.agentmemory";

    /** Exempt from the field rule: the confinement checker wraps, and so holds, delegate connections. */
    public static final String CONFINEMENT_CHECKER_PACKAGE = "dev.agentmemory.tck.confinement";

    /**
     * Exempt from the field rule: beneath the SQLite pools, each physical connection keeps its
     * compiled statements, as a driver does; the pool confines both to one borrower at a time.
     */
    public static final String DRIVER_LAYER_PACKAGE = KnownBackend.SQLITE.rootPackage() + ".driver";

    /** The packages of the core module: the API, the storage SPI, the machinery and the search index. */
    public static final List<String> CORE_PACKAGES = List.of("dev.agentmemory", "dev.agentmemory.spi..", "dev.agentmemory.internal..",
            "dev.agentmemory.index..");

    /** The root package of each backend, from core's one list of them, {@link KnownBackend}. */
    public static final List<String> BACKEND_PACKAGES =
            Arrays.stream(KnownBackend.values()).map(KnownBackend::rootPackage).toList();

    /** The root package of the web demo. */
    public static final String DEMO_PACKAGE = "dev.agentmemory.demo";

    /**
     * The packages an application may use (without their subpackages): the API, and the local
     * embedder an application passes to {@code StoreConfig.Builder.embedder}, and the Micrometer
     * binder an application registers. Never an
     * {@code spi} or {@code internal} package, jdbc-support or a backend.
     */
    public static final List<String> PUBLIC_API_PACKAGES = List.of(ROOT, "dev.agentmemory.embeddings.onnx",
            "dev.agentmemory.micrometer");

    private static final String[] JDBC_JDBI_AND_HIKARI = {"java.sql..", "javax.sql..", "org.jdbi..", "com.zaxxer.."};

    @ArchTest
    public static final ArchRule no_class_keeps_a_connection_statement_result_set_or_handle_in_a_field =
            noClassKeepsAConnectionStatementResultSetOrHandleInAField(CONFINEMENT_CHECKER_PACKAGE,
                    DRIVER_LAYER_PACKAGE);

    @ArchTest
    public static final ArchRule no_public_or_protected_method_takes_or_returns_a_connection_statement_result_set_or_handle =
            noPublicOrProtectedMethodTakesOrReturnsAConnectionStatementResultSetOrHandle(ROOT);

    @ArchTest
    public static final ArchRule classes_that_touch_connections_or_handles_do_not_hand_work_to_other_threads =
            classesThatTouchConnectionsOrHandlesDoNotHandWorkToOtherThreads();

    @ArchTest
    public static final ArchRule core_depends_on_no_jdbc_jdbi_or_hikari =
            coreDependsOnNoJdbcJdbiOrHikari(CORE_PACKAGES.toArray(String[]::new));

    @ArchTest
    public static final ArchRule backends_do_not_depend_on_each_other =
            backendsDoNotDependOnEachOther(BACKEND_PACKAGES.toArray(String[]::new));

    @ArchTest
    public static final ArchRule the_web_demo_uses_only_the_public_api =
            theWebDemoUsesOnlyThePublicApi(ROOT, DEMO_PACKAGE, PUBLIC_API_PACKAGES);

    @ArchTest
    public static final ArchRule no_package_cycles = noPackageCycles(ROOT);

    @ArchTest
    public static final ArchRule spi_packages_do_not_depend_on_internal_packages =
            spiPackagesDoNotDependOnInternalPackages(ROOT);

    @ArchTest
    public static final ArchRule index_packages_do_not_depend_on_internal_packages =
            indexPackagesDoNotDependOnInternalPackages(ROOT);

    @ArchTest
    public static final ArchRule internal_packages_are_used_only_inside_their_module =
            internalPackagesAreUsedOnlyInsideTheirModule(ROOT);

    private ThreadSafetyRules() {}

    /**
     * No field is, or holds (a {@code ThreadLocal}, collection, {@code Optional},
     * {@code AtomicReference}, {@code Supplier}...), a connection, statement, result set or
     * handle, outside the exempt packages.
     *
     * @param exemptPackages packages (with their subpackages) not checked
     */
    public static ArchRule noClassKeepsAConnectionStatementResultSetOrHandleInAField(String... exemptPackages) {
        return fields().that().areDeclaredInClassesThat().resideOutsideOfPackages(withSubpackages(exemptPackages))
                .should(ConfinedTypeConditions.notKeepAConfinedValue())
                .because("a connection kept in a field outlives the call that borrowed it and is reachable from"
                        + " every thread that reaches the object; a pooled one is then used by two threads at once"
                        + " (thread-safety contract, rule 2)")
                .allowEmptyShould(true);
    }

    /**
     * No public or protected method or constructor takes or returns a connection, statement,
     * result set or handle, or a holder of one, unless it implements a method of a library
     * type outside {@code root} (Jdbi's {@code RowMapper}, a {@code DataSource}): those lend
     * the object for one call on the library's thread.
     *
     * @param root the project's root package; supertypes outside it count as library types
     */
    public static ArchRule noPublicOrProtectedMethodTakesOrReturnsAConnectionStatementResultSetOrHandle(String root) {
        return codeUnits().that(ConfinedTypeConditions.publicOrProtected()
                        .and(not(ConfinedTypeConditions.implementALibraryMethod(root))))
                .should(ConfinedTypeConditions.notTakeOrReturnAConfinedValue())
                .because("a connection that crosses a public signature leaves the method that borrowed it, and"
                        + " nothing then confines it to one call on one thread; lend it to a callback instead, as"
                        + " Jdbi's withHandle does (thread-safety contract, rule 2)")
                .allowEmptyShould(true);
    }

    /**
     * No class that touches a connection, statement, result set or handle (it, or a class in
     * its source file, depends on one; lambdas are methods of the class they are written in)
     * calls {@code Executor.execute}, {@code ExecutorService.submit/invokeAll/invokeAny},
     * {@code ScheduledExecutorService.schedule*}, {@code CompletableFuture.*Async},
     * {@code Thread.start}, {@code ForkJoinPool}'s task methods, {@code ForkJoinTask.fork},
     * {@code Timer.schedule*}, {@code parallelStream()} or {@code parallel()}.
     */
    public static ArchRule classesThatTouchConnectionsOrHandlesDoNotHandWorkToOtherThreads() {
        return classes().should(new HandOffCondition())
                .because("work handed to another thread by code that holds a connection can capture it, and"
                        + " then runs on a thread that did not borrow it; split the class so the borrowing happens"
                        + " on the worker thread (thread-safety contract, rule 2)");
    }

    /**
     * The given core packages depend on no class of {@code java.sql}, {@code javax.sql}, Jdbi or
     * HikariCP.
     *
     * @param corePackages ArchUnit package identifiers, for example {@code dev.agentmemory} and
     *     {@code dev.agentmemory.spi..}
     */
    public static ArchRule coreDependsOnNoJdbcJdbiOrHikari(String... corePackages) {
        return noClasses().that().resideInAnyPackage(corePackages)
                .should().dependOnClassesThat().resideInAnyPackage(JDBC_JDBI_AND_HIKARI)
                .because("core holds the API, the SPI and the contract for every backend, and a backend need not"
                        + " be JDBC; with no JDBC type in core, no connection can cross its API or SPI")
                .allowEmptyShould(true);
    }

    /**
     * No class of one of the given backend packages depends on a class of another.
     *
     * @param backendPackages each backend's root package, for example {@code dev.agentmemory.sqlite}
     */
    public static ArchRule backendsDoNotDependOnEachOther(String... backendPackages) {
        return slices().assignedFrom(PackageSlices.eachWithItsSubpackages(List.of(backendPackages)))
                .should().notDependOnEachOther()
                .because("what the SQL backends share lives in jdbc-support, and a backend is added or removed"
                        + " as one runtime dependency")
                .allowEmptyShould(true);
    }

    /**
     * Classes of the demo package use, of the project's packages, only the API package and
     * their own: no SPI, no internal package, no jdbc-support, no backend.
     *
     * @param root the project's root package
     * @param apiPackage the public API package (without subpackages)
     * @param demoPackage the demo's root package
     */
    public static ArchRule theWebDemoUsesOnlyThePublicApi(String root, String apiPackage, String demoPackage) {
        return theWebDemoUsesOnlyThePublicApi(root, demoPackage, List.of(apiPackage));
    }

    /**
     * Classes of the demo package use, of the project's packages, only the given API packages
     * (each without its subpackages) and their own.
     *
     * @param root the project's root package
     * @param demoPackage the demo's root package
     * @param apiPackages the packages an application may use
     */
    public static ArchRule theWebDemoUsesOnlyThePublicApi(String root, String demoPackage, List<String> apiPackages) {
        return noClasses().that().resideInAPackage(demoPackage + "..")
                .should().dependOnClassesThat(resideInAPackage(root + "..")
                        .and(not(resideInAnyPackage(apiPackages.toArray(String[]::new))))
                        .and(not(resideInAPackage(demoPackage + ".."))))
                .because("the demo is what a user writes: it must work with the backends as runtime dependencies"
                        + " and show that the public API is enough")
                .allowEmptyShould(true);
    }

    /**
     * No cycle between the packages below {@code root}, where a package's {@code spi},
     * {@code internal} and {@code index} subpackages count as part of it.
     *
     * <p>Why this slicing: every package is its own slice, so a cycle between two modules'
     * packages ({@code dev.agentmemory.jdbc} and {@code dev.agentmemory.sqlite}) or between two
     * packages of one module ({@code dev.agentmemory.tck} and {@code dev.agentmemory.tck.arch})
     * fails. The one cycle that is by design is the three tiers of a module: the API's factory
     * ({@code MemoryStores}) creates the internal implementation and names the SPI's engine,
     * while the internal package implements the API and the SPI speaks in API types. Those
     * tiers form one slice; that the SPI does not depend on the internal package is then a
     * rule of its own, {@link #spiPackagesDoNotDependOnInternalPackages(String)}. Core's search
     * index ({@code dev.agentmemory.index}) is a fourth tier: its building blocks speak in API
     * types and the machinery uses them, which is a cycle of slices if it were one of its own;
     * that it does not depend on the machinery is
     * {@link #indexPackagesDoNotDependOnInternalPackages(String)}.
     *
     * @param root the project's root package
     */
    public static ArchRule noPackageCycles(String root) {
        return slices().assignedFrom(PackageSlices.threeTierPackages(root))
                .should().beFreeOfCycles()
                .because("a package cycle makes two packages one unit that can neither be understood, tested"
                        + " nor moved to another module alone")
                .allowEmptyShould(true);
    }

    /**
     * No class of an {@code spi} package below {@code root} depends on a class of an
     * {@code internal} package below {@code root}.
     *
     * @param root the project's root package
     */
    public static ArchRule spiPackagesDoNotDependOnInternalPackages(String root) {
        return noClasses().that().resideInAPackage(root + "..spi..")
                .should().dependOnClassesThat().resideInAPackage(root + "..internal..")
                .because("the SPI is a compatibility promise to backend authors and internal packages carry none;"
                        + " an SPI that names an internal type breaks backends whenever the internals change")
                .allowEmptyShould(true);
    }

    /**
     * No class of an {@code index} package below {@code root} depends on a class of an
     * {@code internal} package below {@code root}.
     *
     * @param root the project's root package
     */
    public static ArchRule indexPackagesDoNotDependOnInternalPackages(String root) {
        return noClasses().that().resideInAPackage(root + "..index..")
                .should().dependOnClassesThat().resideInAPackage(root + "..internal..")
                .because("the index's building blocks are public so that other modules (the benchmarks) can"
                        + " compose them, and internal packages carry no promise; an index that names an internal"
                        + " type ties every user of the index to the store's machinery")
                .allowEmptyShould(true);
    }

    /**
     * No class depends on a class of an {@code internal} package below {@code root} that
     * belongs to another module, where a class's module is the classes directory or jar it was
     * loaded from (see {@link InternalAccessCondition}): {@code dev.agentmemory.internal} is
     * core's, {@code dev.agentmemory.jdbc.internal} jdbc-support's, whatever package names the
     * user has.
     *
     * @param root the project's root package
     */
    public static ArchRule internalPackagesAreUsedOnlyInsideTheirModule(String root) {
        return classes().should(new InternalAccessCondition(root))
                .because("an internal package carries no compatibility promise and changes with its module; what"
                        + " another module needs belongs in the public tier (the API, an spi package, or a"
                        + " module's public package such as dev.agentmemory.jdbc)");
    }

    private static String[] withSubpackages(String... packages) {
        String[] result = new String[packages.length];
        for (int i = 0; i < packages.length; i++) {
            result[i] = packages[i] + "..";
        }
        return result;
    }
}
