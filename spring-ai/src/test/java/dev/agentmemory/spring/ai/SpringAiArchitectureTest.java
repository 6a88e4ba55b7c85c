package dev.agentmemory.spring.ai;

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
@AnalyzeClasses(packages = "dev.agentmemory.spring.ai", importOptions = ImportOption.DoNotIncludeTests.class)
class SpringAiArchitectureTest {

    @ArchTest
    static final ArchTests thread_safety = ArchTests.in(ThreadSafetyRules.class);

    /** The rules pass on an empty selection, so the import must be shown to have worked. */
    @ArchTest
    static void the_adapters_are_imported(JavaClasses classes) {
        assertTrue(classes.contain(AgentMemoryVectorStore.class)
                && classes.contain("dev.agentmemory.spring.ai.internal.FilterTranslator"), "adapter classes imported");
    }
}
