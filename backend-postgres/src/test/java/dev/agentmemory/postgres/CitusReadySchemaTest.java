package dev.agentmemory.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs it: the schema, read back from the server's catalog,
 * is ready to be distributed by tenant with Citus; the schema is created and pooled connections are named.
 *
 * <p>{@code schema_version} holds no tenant data: one row per applied migration, read and
 * written only when a store opens. With Citus it is a <em>reference table</em> (replicated to
 * every node, {@code SELECT create_reference_table('schema_version')}), so it is the one table
 * exempt from the tenant rule.
 */
class CitusReadySchemaTest {
    private static final String SCHEMA = PgServer.schemaFor(CitusReadySchemaTest.class);
    private static final String REFERENCE_TABLE = "schema_version";

    @AfterAll
    static void dropSchema() {
        PgServer.shared().dropSchema(SCHEMA);
    }

    @Test
    void every_table_has_tenant_in_every_key_and_foreign_key() throws SQLException {
        try (MemoryStore store = MemoryStores.open(PgServer.shared().config(SCHEMA).build());
                Connection c = PgServer.shared().admin()) {
            List<String> tables = strings(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                    + " AND table_type = 'BASE TABLE' ORDER BY table_name");
            assertThat(tables).as("the store's tables").contains("namespaces", "memories", "memory_metadata",
                    "tombstones", REFERENCE_TABLE);
            List<String> problems = new ArrayList<>();
            for (String table : tables) {
                if (table.equals(REFERENCE_TABLE)) {
                    continue;
                }
                if (strings(c, "SELECT column_name FROM information_schema.columns WHERE table_schema = ?"
                        + " AND table_name = '" + table + "' AND column_name = 'tenant'").isEmpty()) {
                    problems.add(table + " has no tenant column");
                }
            }
            Map<String, List<String>> constraints = constraints(c);
            assertThat(constraints).as("primary keys, unique constraints and foreign keys found").isNotEmpty();
            for (Map.Entry<String, List<String>> k : constraints.entrySet()) {
                if (!k.getKey().startsWith(REFERENCE_TABLE + ".") && !k.getValue().contains("tenant")) {
                    problems.add(k.getKey() + " on " + k.getValue() + " lacks tenant");
                }
            }
            assertThat(constraints.keySet()).as("every table has a primary key")
                    .anyMatch(k -> k.startsWith("memories.p")).anyMatch(k -> k.startsWith("memory_metadata.f"));
            assertThat(problems).as("Citus rule: tenant in every table and every key; constraints " + constraints)
                    .isEmpty();
        }
    }

    @Test
    void pooled_connections_name_the_application_and_the_schema_is_created() throws SQLException {
        try (MemoryStore store = MemoryStores.open(PgServer.shared().config(SCHEMA)
                .property("applicationName", "am-settings-check").property("minIdle", "3").build());
                Connection c = PgServer.shared().admin()) {
            store.namespace("t", "n").count();
            List<String> apps = strings(c, "SELECT application_name FROM pg_stat_activity WHERE"
                    + " application_name = 'am-settings-check' AND datname IS NOT NULL AND ? IS NOT NULL");
            assertThat(apps).as("the pool's connections name the application").hasSizeGreaterThanOrEqualTo(1);
            assertThat(strings(c, "SELECT nspname FROM pg_namespace WHERE nspname = ?")).containsExactly(SCHEMA);
        }
    }

    /** {@code table.kind-name} to its columns, for every primary key, unique and foreign key. */
    private static Map<String, List<String>> constraints(Connection c) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT rel.relname, con.contype, con.conname, att.attname"
                + " FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid"
                + " JOIN pg_namespace ns ON ns.oid = rel.relnamespace"
                + " JOIN LATERAL unnest(con.conkey) AS k(attnum) ON true"
                + " JOIN pg_attribute att ON att.attrelid = rel.oid AND att.attnum = k.attnum"
                + " WHERE ns.nspname = ? AND con.contype IN ('p', 'u', 'f') ORDER BY 1, 3")) {
            s.setString(1, SCHEMA);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1) + "." + rs.getString(2) + "-" + rs.getString(3),
                            k -> new ArrayList<>()).add(rs.getString(4));
                }
            }
        }
        return out;
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, SCHEMA);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
