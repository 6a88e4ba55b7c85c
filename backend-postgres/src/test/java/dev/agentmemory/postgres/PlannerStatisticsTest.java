package dev.agentmemory.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread: a bulk insert into tables the planner believes empty refreshes
 * their statistics before {@code putAll} returns. Without it PostgreSQL planned a filtered
 * count of a freshly filled 10,000-memory namespace as a nested loop over the tenant's whole
 * metadata (18 s), and its deletion per memory as a scan of the namespace (46 s), until
 * autovacuum came by.
 */
class PlannerStatisticsTest {
    private static final String SCHEMA = PgServer.schemaFor(PlannerStatisticsTest.class);

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
    }
}
