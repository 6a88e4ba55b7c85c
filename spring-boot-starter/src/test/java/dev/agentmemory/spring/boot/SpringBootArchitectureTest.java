package dev.agentmemory.spring.boot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.agentmemory.tck.arch.ThreadSafetyRules;

/**
 * Applies {@link ThreadSafetyRules} to this module's production classes. The architecture module
 * cannot list this module: its Spring dependencies resolve only under Spring's BOMs.
 */
@AnalyzeClasses(packages = "dev.agentmemory.spring.boot", importOptions = ImportOption.DoNotIncludeTests.class)
class SpringBootArchitectureTest {

    @ArchTest
    static final ArchTests thread_safety = ArchTests.in(ThreadSafetyRules.class);

    /** The rules pass on an empty selection, so the import must be shown to have worked. */
    @ArchTest
    static void the_starter_is_imported(JavaClasses classes) {
        assertTrue(classes.contain(AgentMemoryAutoConfiguration.class)
                && classes.contain("dev.agentmemory.spring.boot.StoreConfigs"), "starter classes imported");
    }
}
