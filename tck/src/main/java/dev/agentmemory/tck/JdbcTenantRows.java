package dev.agentmemory.tck;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Thread-safe (stateless): the rows a tenant has in every table of a JDBC database, read from the
 * catalog, so that a table a migration adds is counted without anyone listing it: the
 * {@link ErasureContract#storedRows} hook of a JDBC backend.
 *
 * <pre>{@code
 * public Map<String, Long> storedRows(MemoryStore store, String tenant) {
 *     return JdbcTenantRows.count(dataSourceOf(store), tenant);
 * }
 * }</pre>
 */
public final class JdbcTenantRows {
    private JdbcTenantRows() {}

    /**
     * Counts the rows whose {@code tenant} column is {@code tenant}, in every base table of the
     * connection's schema that has such a column.
     *
     * @return per table (lower case), its row count for the tenant, zero counts included
     * @throws IllegalStateException if the database cannot be read, or a table of the schema other
     *     than {@code schema_version} has no tenant column (its rows could not be attributed)
     */
    public static Map<String, Long> count(DataSource source, String tenant) {
        try (Connection c = source.getConnection()) {
            Map<String, Long> rows = new TreeMap<>();
            List<String> all = tables(c);
            for (String table : all) {
                String name = table.toLowerCase(Locale.ROOT);
                if (name.equals("schema_version") || isShadowTable(name, all)) {
                    continue;
                }
                if (!hasTenantColumn(c, table)) {
                    throw new IllegalStateException("tck: table " + table + " has no tenant column, so the rows of a"
                            + " tenant in it cannot be counted; every table holds the tenant (see docs/ARCHITECTURE.md)");
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE tenant = ?")) {
                    ps.setString(1, tenant);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        rows.put(name, rs.getLong(1));
                    }
                }
            }
            if (rows.isEmpty()) {
                throw new IllegalStateException("tck: the catalog lists no table in schema " + c.getSchema());
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("tck: cannot count the rows of tenant " + tenant + ": " + e, e);
        }
    }

    /** The base tables of the connection's schema (virtual tables of extensions included, views not). */
    private static List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), "%", null)) {
            while (rs.next()) {
                String type = String.valueOf(rs.getString("TABLE_TYPE")).toUpperCase(Locale.ROOT);
                if (type.contains("TABLE") && !type.contains("SYSTEM") && !type.contains("TEMPORARY")) {
                    out.add(rs.getString("TABLE_NAME"));
                }
            }
        }
        return out;
    }

    /**
     * True for the tables a full-text virtual table keeps its index in (SQLite FTS5's
     * {@code <table>_data}, {@code _idx}, {@code _docsize}, {@code _config}, {@code _content}):
     * their rows are the virtual table's, which is counted by its own tenant column.
     */
    private static boolean isShadowTable(String name, List<String> tables) {
        for (String other : tables) {
            String owner = other.toLowerCase(Locale.ROOT);
            if (name.startsWith(owner + "_") && SHADOW_SUFFIXES.contains(name.substring(owner.length() + 1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * FTS5's shadow tables, and {@code vocab}: an {@code fts5vocab} table over an index holds no
     * rows of its own, only the words and counts of the index it reads.
     */
    private static final Set<String> SHADOW_SUFFIXES = Set.of("data", "idx", "docsize", "config", "content", "vocab");

    private static boolean hasTenantColumn(Connection c, String table) throws SQLException {
        try (ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), c.getSchema(), table, "%")) {
            while (rs.next()) {
                if (rs.getString("COLUMN_NAME").equalsIgnoreCase("tenant")) {
                    return true;
                }
            }
        }
        return false;
    }
}
