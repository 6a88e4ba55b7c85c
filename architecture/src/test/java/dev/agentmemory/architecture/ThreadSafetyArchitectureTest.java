package dev.agentmemory.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.agentmemory.tck.arch.ThreadSafetyRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies {@link ThreadSafetyRules} to the production classes of every module on this
 * module's test classpath: core, jdbc-support, the three backends, embeddings-onnx, langchain4j,
 * the web demo, the examples and the tck.
 *
 * <p>Not here yet: {@code bench}, which still puts a class into core's internal package and so
 * breaks {@link ThreadSafetyRules#internal_packages_are_used_only_inside_their_module}; it is
 * added once that class is gone. {@code reliability} and {@code integration-tests} have test
 * classes only.
 *
 * <p><b>Adding a module.</b> Add it to {@code architecture/pom.xml} as a {@code test}-scoped
 * dependency (the reactor then builds it first and its classes, or its jar, land on this
 * classpath, where {@code packages = "dev.agentmemory"} finds them), and add its root package
 * to {@link #MODULE_PACKAGES} so that an import that silently misses it fails. A new backend is
 * a constant of {@link dev.agentmemory.KnownBackend}, from which
 * {@link ThreadSafetyRules#BACKEND_PACKAGES} and this test take its package; the web demo's is
 * already {@link ThreadSafetyRules#DEMO_PACKAGE}.
 *
 * <p>Test classes are not analysed ({@code ImportOption.DoNotIncludeTests}): tests may misuse
 * connections on purpose, and the rules' fixtures live in the tck's test sources.
 */
@AnalyzeClasses(packages = ThreadSafetyRules.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ThreadSafetyArchitectureTest {

    /** One package of each module this test must see; see "Adding a module" above. */
    static final List<String> MODULE_PACKAGES = List.of(
            "dev.agentmemory",
            "dev.agentmemory.spi",
            "dev.agentmemory.internal",
            "dev.agentmemory.jdbc",
            "dev.agentmemory.embeddings.onnx",
            "dev.agentmemory.langchain4j",
            "dev.agentmemory.demo",
            "dev.agentmemory.examples",
            "dev.agentmemory.tck",
            "dev.agentmemory.tck.arch",
            "dev.agentmemory.tck.confinement");

    @ArchTest
    static final ArchTests thread_safety = ArchTests.in(ThreadSafetyRules.class);

    /** The package-scoped rules pass on an empty selection, so a missing module must fail here. */
    @ArchTest
    static void every_module_is_imported(JavaClasses classes) {
        List<String> expected = new ArrayList<>(MODULE_PACKAGES);
        expected.addAll(ThreadSafetyRules.BACKEND_PACKAGES);
        for (String pkg : expected) {
            assertTrue(classes.containPackage(pkg) && !classes.getPackage(pkg).getClasses().isEmpty(),
                    "no production class of package " + pkg + " was imported; is its module a test dependency"
                            + " of agent-memory-architecture?");
        }
    }
}
