package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.agentmemory.tck.arch.ThreadSafetyRules;

/**
 * Applies {@link ThreadSafetyRules} to this module's production classes, until the
 * architecture module lists this backend too (its owner adds modules there).
 */
@AnalyzeClasses(packages = "dev.agentmemory.postgres", importOptions = ImportOption.DoNotIncludeTests.class)
class PostgresArchitectureTest {

    @ArchTest
    static final ArchTests thread_safety = ArchTests.in(ThreadSafetyRules.class);

    /** The rules pass on an empty selection, so the import must be shown to have worked. */
    @ArchTest
    static void the_backend_is_imported(JavaClasses classes) {
        assertTrue(classes.contain(PostgresProvider.class)
                && classes.contain("dev.agentmemory.postgres.internal.PostgresStorage"), "backend classes imported");
    }
}
