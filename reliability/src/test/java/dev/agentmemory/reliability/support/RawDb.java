package dev.agentmemory.reliability.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Thread-safe: static methods only. Looks at a database file through a raw JDBC connection of
 * its own, as an operator would, while no store has it open: integrity, schema, row counts.
 */
public final class RawDb {
    private RawDb() {}

    /** The JDBC URL of a store URI ({@code sqlite:path} or {@code h2:path}). */
    public static String jdbcUrl(String storeUri) {
        if (storeUri.startsWith("sqlite:")) {
            return "jdbc:sqlite:" + storeUri.substring("sqlite:".length());
        }
        if (storeUri.startsWith("h2:")) {
            return "jdbc:h2:file:" + storeUri.substring("h2:".length());
        }
        throw new IllegalArgumentException("not a file store: " + storeUri);
    }

    /**
     * The database's own consistency check: {@code PRAGMA integrity_check} on SQLite ("ok" when
     * sound); on H2, which has no such pragma, {@code SCRIPT NODATA} plus a full read of every row
     * of every table, which walks every MVStore page the data lives on ("ok" when that succeeds).
     */
    public static String integrityCheck(String storeUri) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(storeUri)); Statement s = c.createStatement()) {
            if (storeUri.startsWith("sqlite:")) {
                List<String> lines = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
                return String.join("; ", lines);
            }
            try (ResultSet rs = s.executeQuery("SCRIPT NODATA")) {
                while (rs.next()) {
                    rs.getString(1);
                }
            }
            for (String table : tables(c)) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            rs.getObject(i);
                        }
                    }
                }
            }
            return "ok";
        }
    }

    /** Every table with its columns and types, sorted, for comparing the schema before and after. */
    public static String schema(String storeUri) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(storeUri))) {
            TreeMap<String, TreeSet<String>> out = new TreeMap<>();
            for (String table : tables(c)) {
                TreeSet<String> columns = new TreeSet<>();
                try (ResultSet rs = c.getMetaData().getColumns(null, null, table, null)) {
                    while (rs.next()) {
                        columns.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME") + " "
                                + rs.getString("IS_NULLABLE"));
                    }
                }
                try (ResultSet rs = c.getMetaData().getIndexInfo(null, null, table, false, false)) {
                    while (rs.next()) {
                        columns.add("index " + rs.getString("INDEX_NAME") + " " + rs.getString("COLUMN_NAME"));
                    }
                }
                out.put(table, columns);
            }
            return out.toString();
        }
    }

    /** The result of a query returning one number. */
    public static long queryLong(String storeUri, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(storeUri)); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEM");
                if (schema == null || !schema.equalsIgnoreCase("INFORMATION_SCHEMA")) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
        }
        return tables;
    }

    /** The tables and the schema_version rows of a database, for failure messages. */
    public static String describe(String storeUri) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(storeUri)); Statement s = c.createStatement()) {
            List<String> versions = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT version, description FROM schema_version ORDER BY version")) {
                while (rs.next()) {
                    versions.add(rs.getInt(1) + " " + rs.getString(2));
                }
            } catch (SQLException e) {
                versions.add("no schema_version: " + e.getMessage());
            }
            return "tables " + tables(c) + ", schema_version " + versions;
        } catch (SQLException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** {@code jdbcUrl}'s path part, for messages. */
    public static Path file(String storeUri) {
        return Path.of(storeUri.substring(storeUri.indexOf(':') + 1));
    }
}
