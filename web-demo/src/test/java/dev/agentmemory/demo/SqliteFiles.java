package dev.agentmemory.demo;

import dev.agentmemory.MemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Thread-safe: stateless. Reads a demo's SQLite file with plain sqlite-jdbc, after the store that
 * wrote it has closed: its schema, its integrity check, and the values of a column.
 */
final class SqliteFiles {
    private SqliteFiles() {}

    /** Every table with its columns in order, as a fresh store writes them or as this file has them. */
    static Map<String, List<String>> schema(Path db) throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                List<String> columns = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("PRAGMA table_info('" + table.replace("'", "''") + "')")) {
                    while (rs.next()) {
                        columns.add(rs.getString("name") + " " + rs.getString("type"));
                    }
                }
                out.put(table, columns);
            }
        }
        return out;
    }

    /** The schema a store opened on a new file creates. */
    static Map<String, List<String>> freshSchema() throws Exception {
        Path dir = Files.createTempDirectory("web-demo-fresh");
        Path db = dir.resolve("fresh.db");
        DemoSettings settings = new DemoSettings("sqlite:" + db, "127.0.0.1", 0, ApiKeys.dev(), Map.of());
        try (MemoryStore store = WebDemo.openStore(settings)) {
            store.describe();
        }
        return schema(db);
    }

    /** {@code PRAGMA integrity_check}: "ok" when the file is sound. */
    static String integrityCheck(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            StringBuilder out = new StringBuilder();
            while (rs.next()) {
                out.append(out.length() == 0 ? "" : "; ").append(rs.getString(1));
            }
            return out.toString();
        }
    }

    /** The rows of a query, each as a list of its columns' values. */
    static List<List<Object>> rows(Path db, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
