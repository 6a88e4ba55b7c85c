package dev.agentmemory.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import dev.agentmemory.tck.arch.ThreadSafetyRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies {@link ThreadSafetyRules} to the production classes of every module on this
 * module's test classpath: core, jdbc-support, the three backends, embeddings-onnx, langchain4j,
 * the web demo, the examples and the tck.
 *
 * <p>Not here: {@code bench}, whose baselines hold raw connections on purpose (they are what the
 * store is measured against); its own {@code BenchTiersTest} applies the rule that internal
 * packages stay in their module to it. {@code reliability} and {@code integration-tests} have
 * test classes only.
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
            "dev.agentmemory.index",
            "dev.agentmemory.jdbc",
            "dev.agentmemory.embeddings.onnx",
            "dev.agentmemory.langchain4j",
            "dev.agentmemory.micrometer",
            "dev.agentmemory.demo",
            "dev.agentmemory.mcp",
            "dev.agentmemory.mcp.internal",
            "dev.agentmemory.cli",
            "dev.agentmemory.cli.internal",
            "dev.agentmemory.examples",
            "dev.agentmemory.tck",
            "dev.agentmemory.tck.arch",
            "dev.agentmemory.tck.confinement");

    @ArchTest
    static final ArchTests thread_safety = ArchTests.in(ThreadSafetyRules.class);

    /**
     * The MCP server and the command-line tool are applications of the store like the web demo:
     * the demo's rule (proven against its fixture in the tck) holds for them too. The tool may
     * also use the server's public package, which it starts as its {@code mcp} command.
     */
    @ArchTest
    static final ArchRule the_mcp_server_uses_only_the_public_api = ThreadSafetyRules
            .theWebDemoUsesOnlyThePublicApi(ThreadSafetyRules.ROOT, "dev.agentmemory.mcp",
                    ThreadSafetyRules.PUBLIC_API_PACKAGES);

    @ArchTest
    static final ArchRule the_command_line_tool_uses_only_the_public_api = ThreadSafetyRules
            .theWebDemoUsesOnlyThePublicApi(ThreadSafetyRules.ROOT, "dev.agentmemory.cli",
                    java.util.stream.Stream.concat(ThreadSafetyRules.PUBLIC_API_PACKAGES.stream(),
                            java.util.stream.Stream.of("dev.agentmemory.mcp")).toList());

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
