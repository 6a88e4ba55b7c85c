package dev.agentmemory.reference;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.agentmemory.reference.fixture.ClassViolatingTheApiOnlyRule;
import dev.agentmemory.tck.arch.ThreadSafetyRules;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs it: the reference engine is built from what a
 * third-party backend has, core's public API and SPI, and the thread-safety rules hold for it.
 */
class ReferenceArchitectureTest {
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests()).importPackages("dev.agentmemory.reference");

    static final ArchRule the_reference_engine_uses_only_the_api_and_spi_of_core_and_the_jdk_basics =
            classes().that().resideInAPackage("dev.agentmemory.reference..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage("dev.agentmemory", "dev.agentmemory.spi",
                            "dev.agentmemory.reference..", "java.lang..", "java.util..", "java.time..")
                    .because("it is the specification a backend author follows: what it needs, the SPI must offer,"
                            + " and core's internal package carries no promise");

    @Test
    void the_engine_depends_on_the_api_and_spi_only() {
        the_reference_engine_uses_only_the_api_and_spi_of_core_and_the_jdk_basics.check(ENGINE);
    }

    @Test
    void the_rule_reports_a_class_that_reaches_for_anything_else() {
        JavaClasses fixture = new ClassFileImporter().importClasses(ClassViolatingTheApiOnlyRule.class);
        assertThatThrownBy(() -> the_reference_engine_uses_only_the_api_and_spi_of_core_and_the_jdk_basics.check(fixture))
                .isInstanceOf(AssertionError.class).hasMessageContaining("java.sql.Connection");
    }

    @Test
    void the_thread_safety_rules_hold() {
        ThreadSafetyRules.no_class_keeps_a_connection_statement_result_set_or_handle_in_a_field.check(ENGINE);
        ThreadSafetyRules.spi_packages_do_not_depend_on_internal_packages.check(ENGINE);
        ThreadSafetyRules.no_package_cycles.check(ENGINE);
    }
}
