package dev.agentmemory.tck.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.agentmemory.tck.arch.fixtures.clean.CleanParallelSearch;
import dev.agentmemory.tck.arch.fixtures.clean.CleanRepository;
import dev.agentmemory.tck.arch.fixtures.product.Store;
import dev.agentmemory.tck.arch.fixtures.product.Stores;
import dev.agentmemory.tck.arch.fixtures.product.demo.DemoApp;
import dev.agentmemory.tck.arch.fixtures.product.h2.H2Engine;
import dev.agentmemory.tck.arch.fixtures.product.index.Ranker;
import dev.agentmemory.tck.arch.fixtures.product.internal.DefaultStore;
import dev.agentmemory.tck.arch.fixtures.product.spi.Engine;
import dev.agentmemory.tck.arch.fixtures.product.sqlite.SqliteEngine;
import org.assertj.core.api.AbstractThrowableAssert;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Proves every rule fires on its fixture ({@code ClassViolating...}) and passes on clean
 * classes, so that neither a rule that cannot fail nor a rule that always fails goes unnoticed.
 */
class ThreadSafetyRulesTest {
    private static final String FIXTURES = "dev.agentmemory.tck.arch.fixtures";
    private static final String PRODUCT = FIXTURES + ".product";

    private static final JavaClasses CLEAN = new ClassFileImporter().importPackages(FIXTURES + ".clean");
    private static final JavaClasses CLEAN_PRODUCT = new ClassFileImporter().importClasses(
            Store.class, Stores.class, Engine.class, DefaultStore.class, SqliteEngine.class, H2Engine.class,
            DemoApp.class, Ranker.class);
    private static final JavaClasses PRODUCT_CLASSES = new ClassFileImporter().importPackages(PRODUCT);

    @Nested
    class Fields {
        private final ArchRule rule = ThreadSafetyRules.no_class_keeps_a_connection_statement_result_set_or_handle_in_a_field;

        @Test
        void a_connection_a_thread_local_handle_and_a_list_of_statements_in_fields_are_reported() {
            assertViolated(rule, new ClassFileImporter().importPackages(FIXTURES + ".fields"))
                    .hasMessageContaining("was violated (3 times)")
                    .hasMessageContaining("ClassViolatingNoConnectionInAField.connection> of type java.sql.Connection")
                    .hasMessageContaining("ClassViolatingNoHandleInAThreadLocal.handles> of type "
                            + "java.lang.ThreadLocal<org.jdbi.v3.core.Handle> keeps a org.jdbi.v3.core.Handle")
                    .hasMessageContaining("ClassViolatingNoHandleInAThreadLocal.cached> of type "
                            + "java.util.List<java.sql.PreparedStatement> keeps a java.sql.PreparedStatement");
        }

        @Test
        void factories_functions_and_clean_classes_pass() {
            assertThatCode(() -> rule.check(CLEAN)).doesNotThrowAnyException();
        }

        @Test
        void the_confinement_checker_is_exempt_and_would_be_reported_without_the_exemption() {
            JavaClasses checker = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages(ThreadSafetyRules.CONFINEMENT_CHECKER_PACKAGE);

            assertThatCode(() -> rule.check(checker)).doesNotThrowAnyException();
            assertViolated(ThreadSafetyRules.noClassKeepsAConnectionStatementResultSetOrHandleInAField(), checker)
                    .hasMessageContaining("ConnectionHandler.delegate> of type java.sql.Connection");
        }
    }

    @Nested
    class Signatures {
        private final ArchRule rule =
                ThreadSafetyRules.no_public_or_protected_method_takes_or_returns_a_connection_statement_result_set_or_handle;

        @Test
        void public_and_protected_methods_and_constructors_with_connections_are_reported() {
            assertViolated(rule, new ClassFileImporter().importPackages(FIXTURES + ".signatures"))
                    .hasMessageContaining("was violated (5 times)")
                    .hasMessageContaining("ExposedWork.run(java.sql.Connection)> takes java.sql.Connection")
                    .hasMessageContaining("ClassViolatingNoConnectionInPublicSignatures.<init>(java.sql.Statement)>"
                            + " takes java.sql.Statement (parameter 1")
                    .hasMessageContaining("query(java.sql.Connection)> takes java.sql.Connection")
                    .hasMessageContaining("query(java.sql.Connection)> returns java.sql.ResultSet")
                    .hasMessageContaining("currentHandle()> returns org.jdbi.v3.core.Handle"
                            + " (as java.util.Optional<org.jdbi.v3.core.Handle>)");
        }

        @Test
        void private_helpers_callbacks_package_private_lending_and_library_overrides_such_as_a_row_mapper_pass() {
            assertThatCode(() -> rule.check(CLEAN)).doesNotThrowAnyException();
        }
    }

    @Nested
    class HandOffs {
        private final ArchRule rule =
                ThreadSafetyRules.classes_that_touch_connections_or_handles_do_not_hand_work_to_other_threads;

        @Test
        void async_futures_executors_and_thread_start_in_classes_with_connections_are_reported() {
            assertViolated(rule, new ClassFileImporter().importPackages(FIXTURES + ".handoff"))
                    .hasMessageContaining("was violated (3 times)")
                    .hasMessageContaining("ClassViolatingNoHandOffWithALambda.checkLater()> calls method"
                            + " <java.util.concurrent.CompletableFuture.supplyAsync")
                    .hasMessageContaining("ClassViolatingNoHandOffWithAnAnonymousClass.closeLater(java.lang.AutoCloseable)>"
                            + " calls method <java.util.concurrent.Executor.execute(java.lang.Runnable)>")
                    .hasMessageContaining("calls method <java.lang.Thread.start()>")
                    .hasMessageContaining("touches java.sql.Connection");
        }

        @Test
        void fan_out_without_connections_and_connections_without_fan_out_pass() {
            assertThatCode(() -> rule.check(CLEAN)).doesNotThrowAnyException();
            assertThatCode(() -> rule.check(new ClassFileImporter().importClasses(
                    CleanParallelSearch.class, CleanRepository.class))).doesNotThrowAnyException();
        }
    }

    @Nested
    class Core {
        private final ArchRule rule = ThreadSafetyRules.coreDependsOnNoJdbcJdbiOrHikari(
                PRODUCT, PRODUCT + ".spi..", PRODUCT + ".internal..");

        @Test
        void a_core_class_using_a_jdbc_type_is_reported() {
            assertViolated(rule, PRODUCT_CLASSES)
                    .hasMessageContaining("was violated (")
                    .hasMessageContaining("ClassViolatingCoreIndependenceFromJdbc.instant(java.lang.Object)>")
                    .hasMessageContaining("java.sql.Timestamp")
                    .hasMessageNotContaining("SqliteEngine");
        }

        @Test
        void core_classes_free_of_jdbc_pass_while_a_backend_may_use_it() {
            assertThatCode(() -> rule.check(CLEAN_PRODUCT)).doesNotThrowAnyException();
        }

        @Test
        void the_real_rule_names_the_core_packages() {
            assertThat(ThreadSafetyRules.core_depends_on_no_jdbc_jdbi_or_hikari.getDescription())
                    .contains("'dev.agentmemory', 'dev.agentmemory.spi..', 'dev.agentmemory.internal..'")
                    .contains("'java.sql..', 'javax.sql..', 'org.jdbi..', 'com.zaxxer..'");
        }
    }

    @Nested
    class Backends {
        private final ArchRule rule = ThreadSafetyRules.backendsDoNotDependOnEachOther(
                PRODUCT + ".sqlite", PRODUCT + ".h2", PRODUCT + ".postgres");

        @Test
        void a_backend_using_another_backend_is_reported() {
            assertViolated(rule, PRODUCT_CLASSES)
                    .hasMessageContaining("ClassViolatingBackendIndependence")
                    .hasMessageContaining("SqliteEngine");
        }

        @Test
        void backends_that_use_only_the_spi_pass() {
            assertThatCode(() -> rule.check(CLEAN_PRODUCT)).doesNotThrowAnyException();
        }
    }

    @Nested
    class Demo {
        private final ArchRule rule = ThreadSafetyRules.theWebDemoUsesOnlyThePublicApi(PRODUCT, PRODUCT, PRODUCT + ".demo");

        @Test
        void a_demo_class_using_an_internal_class_is_reported() {
            assertViolated(rule, PRODUCT_CLASSES)
                    .hasMessageContaining("ClassViolatingPublicApiOnly.open(")
                    .hasMessageContaining("DefaultStore")
                    .hasMessageNotContaining("DemoApp");
        }

        @Test
        void a_package_listed_as_api_is_allowed_and_the_others_are_still_reported() {
            ArchRule wider = ThreadSafetyRules.theWebDemoUsesOnlyThePublicApi(PRODUCT, PRODUCT + ".demo",
                    List.of(PRODUCT, PRODUCT + ".internal"));
            assertViolated(wider, PRODUCT_CLASSES)
                    .hasMessageContaining("ClassViolatingPublicApiOnly.open(")
                    .hasMessageContaining("Engine")
                    .hasMessageNotContaining("DefaultStore");
        }

        @Test
        void a_demo_using_only_the_api_passes_and_no_demo_at_all_passes() {
            assertThatCode(() -> rule.check(CLEAN_PRODUCT)).doesNotThrowAnyException();
            assertThatCode(() -> rule.check(CLEAN)).doesNotThrowAnyException();
        }
    }

    @Nested
    class Cycles {
        private final ArchRule rule = ThreadSafetyRules.noPackageCycles(PRODUCT);

        @Test
        void a_cycle_between_two_packages_is_reported() {
            assertViolated(rule, PRODUCT_CLASSES)
                    .hasMessageContaining("Cycle detected")
                    .hasMessageContaining(PRODUCT + ".alpha")
                    .hasMessageContaining(PRODUCT + ".beta")
                    .hasMessageContaining("ClassViolatingNoPackageCycles");
        }

        @Test
        void the_api_spi_internal_and_index_tiers_of_one_module_may_know_each_other() {
            assertThatCode(() -> rule.check(CLEAN_PRODUCT)).doesNotThrowAnyException();
        }
    }

    @Nested
    class SpiTier {
        private final ArchRule rule = ThreadSafetyRules.spiPackagesDoNotDependOnInternalPackages(PRODUCT);

        @Test
        void an_spi_type_naming_an_internal_type_is_reported() {
            assertViolated(rule, PRODUCT_CLASSES)
                    .hasMessageContaining("ClassViolatingSpiIndependenceFromInternal.store()>")
                    .hasMessageContaining("DefaultStore")
                    .hasMessageNotContaining("Engine.asStore");
        }

        @Test
        void an_spi_in_api_types_passes() {
            assertThatCode(() -> rule.check(CLEAN_PRODUCT)).doesNotThrowAnyException();
        }
    }

    @Nested
    class IndexTier {
        private final ArchRule rule = ThreadSafetyRules.indexPackagesDoNotDependOnInternalPackages(PRODUCT);

        @Test
        void an_index_type_naming_an_internal_type_is_reported() {
            assertViolated(rule, PRODUCT_CLASSES)
                    .hasMessageContaining("ClassViolatingIndexIndependenceFromInternal.store(")
                    .hasMessageContaining("DefaultStore")
                    .hasMessageNotContaining("Ranker");
        }

        @Test
        void an_index_in_api_types_passes() {
            assertThatCode(() -> rule.check(CLEAN_PRODUCT)).doesNotThrowAnyException();
        }
    }

    @Nested
    class ModuleInternals {
        private final ArchRule rule = ThreadSafetyRules.internal_packages_are_used_only_inside_their_module;

        @Test
        void a_class_of_the_tck_using_cores_internal_package_is_reported_with_both_modules() {
            assertViolated(rule, new ClassFileImporter().importPackages(FIXTURES + ".internals"))
                    .hasMessageContaining("was violated (2 times)")
                    .hasMessageContaining("ClassViolatingInternalPackagesStayInTheirModule.backends()> calls method"
                            + " <dev.agentmemory.internal.BackendDiscovery.load(java.lang.ClassLoader)>")
                    .hasMessageContaining("BackendDiscovery.providers()>")
                    .hasMessageContaining("BackendDiscovery is internal to core, used from tck");
        }

        @Test
        void a_module_using_its_own_internal_package_passes() {
            assertThatCode(() -> rule.check(CLEAN_PRODUCT)).doesNotThrowAnyException();
        }

        @Test
        void the_production_classes_of_core_and_the_tck_pass() {
            JavaClasses production = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages(ThreadSafetyRules.ROOT);
            assertThat(production.containPackage("dev.agentmemory.internal")).isTrue();
            assertThat(production.containPackage("dev.agentmemory.tck.arch")).isTrue();
            assertThatCode(() -> rule.check(production)).doesNotThrowAnyException();
        }

        @Test
        void a_module_is_its_code_source_and_an_internal_package_its_owners() {
            JavaClass core = new ClassFileImporter().importClass(dev.agentmemory.internal.BackendDiscovery.class);
            JavaClass tck = new ClassFileImporter().importClass(ThreadSafetyRules.class);
            assertThat(InternalAccessCondition.module(core)).isPresent().isNotEqualTo(InternalAccessCondition.module(tck));
            assertThat(InternalAccessCondition.shortName(InternalAccessCondition.module(core).orElseThrow()))
                    .startsWith("core");
            assertThat(InternalAccessCondition.internalOwner("dev.agentmemory.internal")).contains("dev.agentmemory");
            assertThat(InternalAccessCondition.internalOwner("dev.agentmemory.jdbc.internal.sql"))
                    .contains("dev.agentmemory.jdbc");
            assertThat(InternalAccessCondition.internalOwner("dev.agentmemory.internals")).isEmpty();
        }
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertViolated(ArchRule rule, JavaClasses classes) {
        return assertThatThrownBy(() -> rule.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("was violated");
    }
}
