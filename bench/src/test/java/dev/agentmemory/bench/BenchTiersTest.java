package dev.agentmemory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.agentmemory.tck.arch.ThreadSafetyRules;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks reach the index through its public package, never through core's internal
 * one: the rule that internal packages stay in their module, applied to this module's classes
 * (the thread-safety rules are not: the baselines hold raw connections on purpose, to measure
 * what the store is compared with).
 */
class BenchTiersTest {

    @Test
    void the_benchmarks_use_no_other_modules_internal_package() {
        JavaClasses bench = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.agentmemory.bench");
        assertThat(bench.contain(BenchIndex.class)).as("the bench's own classes were imported").isTrue();
        ThreadSafetyRules.internal_packages_are_used_only_inside_their_module.check(bench);
    }
}
