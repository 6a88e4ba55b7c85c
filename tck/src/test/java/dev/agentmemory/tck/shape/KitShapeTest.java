package dev.agentmemory.tck.shape;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Keeps the shape of the contract test kit: contracts are interfaces (no inheritance chain of
 * abstract classes), no test is skipped with an assumption (capabilities are types instead),
 * and the kit needs no JDBC support module. Each rule passes on the kit's own classes and
 * fires on a fixture that breaks it.
 */
class KitShapeTest {
    private static final JavaClasses KIT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.agentmemory.tck");
    private static final JavaClasses FIXTURES = new ClassFileImporter()
            .importPackages("dev.agentmemory.tck.shape.fixtures");

    static final ArchRule contracts_are_interfaces = classes()
            .that().haveSimpleNameEndingWith("Contract")
            .should().beInterfaces()
            .because("a backend combines the areas and capabilities it supports; a chain of abstract classes"
                    + " forces one order and all or nothing");

    static final ArchRule no_test_is_skipped_by_an_assumption = noClasses()
            .should().dependOnClassesThat().haveFullyQualifiedName("org.junit.jupiter.api.Assumptions")
            .because("a test that needs a capability lives in the capability's interface, so nothing is skipped"
                    + " silently");

    static final ArchRule the_kit_needs_no_jdbc_support = noClasses()
            .should().dependOnClassesThat().resideInAPackage("dev.agentmemory.jdbc..")
            .because("a backend that is not JDBC runs the kit too; JDBC backends plug in through ConnectionTap");

    @Test
    void the_kit_keeps_its_shape() {
        for (ArchRule rule : new ArchRule[] {contracts_are_interfaces, no_test_is_skipped_by_an_assumption,
                the_kit_needs_no_jdbc_support}) {
            assertThatCode(() -> rule.check(KIT)).as(rule.getDescription()).doesNotThrowAnyException();
        }
    }

    @Test
    void an_abstract_contract_class_is_reported() {
        assertThatThrownBy(() -> contracts_are_interfaces.check(FIXTURES))
                .hasMessageContaining("ClassViolatingContractsAreInterfacesContract");
    }

    @Test
    void an_assumption_is_reported() {
        assertThatThrownBy(() -> no_test_is_skipped_by_an_assumption.check(FIXTURES))
                .hasMessageContaining("ClassViolatingContractsAreInterfacesContract")
                .hasMessageContaining("Assumptions.assumeTrue");
    }

    @Test
    void a_dependency_on_jdbc_support_is_reported() {
        assertThatThrownBy(() -> the_kit_needs_no_jdbc_support.check(FIXTURES))
                .hasMessageContaining("ClassViolatingTheKitNeedsNoJdbcSupport")
                .hasMessageContaining("dev.agentmemory.jdbc.standin.JdbcStandIn");
    }
}
