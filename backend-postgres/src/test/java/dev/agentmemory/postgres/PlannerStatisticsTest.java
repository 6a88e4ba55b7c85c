package dev.agentmemory.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.jdbc.JdbcSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread: how the store keeps PostgreSQL's planner right about tables
 * that tenants of very different sizes share. A bulk insert into tables the planner believes
 * empty refreshes their statistics before {@code putAll} returns, and every pooled connection
 * plans each statement with its own values. Without it PostgreSQL planned a filtered
 * count of a freshly filled 10,000-memory namespace as a nested loop over the tenant's whole
 * metadata (18 s), and its deletion per memory as a scan of the namespace (46 s), until
 * autovacuum came by.
 */
class PlannerStatisticsTest {
    private static final String SCHEMA = PgServer.schemaFor(PlannerStatisticsTest.class);
    /** The second test's own schema: the first one's statistics must start unknown. */
    private static final String SCHEMA_KNOWN = PgServer.schemaFor(PlannerStatisticsTest.class);

    @Test
    void a_bulk_insert_into_tables_the_planner_thinks_empty_refreshes_their_statistics() throws SQLException {
        try (MemoryStore store = MemoryStores.open(PgServer.shared().config(SCHEMA).build())) {
            Namespace ns = store.namespace("t", "bulk");
            ns.put(MemoryDraft.of("first").embedding(new float[] {1, 0}).metadata("i", -1));
            assertThat(estimate("memories")).as("a single put leaves the statistics to autovacuum").isLessThan(1);

            List<MemoryDraft> drafts = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                drafts.add(MemoryDraft.of("bulk " + i).embedding(new float[] {i, 1}).metadata("i", i));
            }
            ns.putAll(drafts);

            assertThat(estimate("memories")).as("the planner's row estimate of memories").isEqualTo(2_001);
            assertThat(estimate("memory_metadata")).as("and of their metadata").isEqualTo(2_001);
        }
    }

    @Test
    void a_new_tenant_filled_in_bulk_into_a_table_the_planner_knows_is_counted_too() throws SQLException {
        try (MemoryStore first = MemoryStores.open(PgServer.shared().config(SCHEMA_KNOWN).build())) {
            first.namespace("known", "bulk").putAll(drafts(2_000));
        }
        assertThat(rowsPlannedFor("known")).as("the first bulk insert refreshed the statistics").isGreaterThan(1_000);
        // The table's statistics are fresh and count 2,000 rows or more: a tenth-of-the-table
        // rule would skip the next 2,000, which the planner then takes for a handful of rows.
        try (MemoryStore second = MemoryStores.open(PgServer.shared().config(SCHEMA_KNOWN).build())) {
            second.namespace("fresh", "bulk").putAll(drafts(2_000));
        }
        assertThat(rowsPlannedFor("fresh")).as("rows the planner expects for the new tenant").isGreaterThan(1_000);
    }

    @Test
    void every_pooled_connection_plans_each_statement_with_its_own_values() throws SQLException {
        assertThat(planCacheMode(PgServer.shared().config(SCHEMA))).as("the default").isEqualTo("force_custom_plan");
        assertThat(planCacheMode(PgServer.shared().config(SCHEMA).property("planCacheMode", "auto"))).isEqualTo("auto");
        try (Connection c = PgServer.shared().admin(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW plan_cache_mode")) {
            rs.next();
            assertThat(planCacheMode(PgServer.shared().config(SCHEMA).property("planCacheMode", "server")))
                    .as("server: the server's own setting").isEqualTo(rs.getString(1));
        }
        assertThatThrownBy(() -> MemoryStores.open(PgServer.shared().config(SCHEMA).property("planCacheMode", "always")
                .build())).isInstanceOf(MemoryStoreException.class).hasMessageContaining("planCacheMode is 'always'");
    }

    /** {@code plan_cache_mode} as a connection of the store's pool sees it. */
    private static String planCacheMode(StoreConfig.Builder config) throws SQLException {
        AtomicReference<DataSource> pool = new AtomicReference<>();
        UnaryOperator<DataSource> capture = ds -> {
            pool.set(ds);
            return ds;
        };
        try (MemoryStore store = MemoryStores.open(config.attribute(JdbcSettings.DATA_SOURCE_DECORATOR, capture)
                .build())) {
            store.namespace("t", "plans").count();
            try (Connection c = pool.get().getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SHOW plan_cache_mode")) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static List<MemoryDraft> drafts(int n) {
        List<MemoryDraft> drafts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            drafts.add(MemoryDraft.of("row " + i).embedding(new float[] {i, 1}).metadata("i", i));
        }
        return drafts;
    }

    /** The planner's row estimate for one tenant's memories, from {@code EXPLAIN}. */
    private static long rowsPlannedFor(String tenant) throws SQLException {
        try (Connection c = PgServer.shared().admin(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO \"" + SCHEMA_KNOWN + "\"");
            try (ResultSet rs = st.executeQuery("EXPLAIN SELECT id FROM memories WHERE tenant = '" + tenant + "'")) {
                assertThat(rs.next()).isTrue();
                Matcher m = Pattern.compile("rows=(\\d+)").matcher(rs.getString(1));
                assertThat(m.find()).as("a row estimate in %s", rs.getString(1)).isTrue();
                return Long.parseLong(m.group(1));
            }
        }
    }

    /** {@code pg_class.reltuples} of a table of the test's schema: -1 (or 0) until analyzed. */
    private static double estimate(String table) throws SQLException {
        try (Connection c = PgServer.shared().admin();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT c.reltuples FROM pg_class c JOIN pg_namespace n"
                        + " ON n.oid = c.relnamespace WHERE n.nspname = '" + SCHEMA + "' AND c.relname = '" + table
                        + "'")) {
            assertThat(rs.next()).as("table %s exists", table).isTrue();
            return rs.getDouble(1);
        }
    }

    @AfterAll
    static void dropSchema() {
        PgServer.shared().dropSchema(SCHEMA);
        PgServer.shared().dropSchema(SCHEMA_KNOWN);
    }
}
