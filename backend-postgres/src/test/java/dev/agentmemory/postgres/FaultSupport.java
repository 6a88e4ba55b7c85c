package dev.agentmemory.postgres;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.StoreStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/** Thread-safe: static helpers of the fault tests. */
final class FaultSupport {
    static final int DIM = 8;

    private FaultSupport() {}

    /** Opens a store whose connections show {@code app} in {@code pg_stat_activity}. */
    static MemoryStore open(PgServer server, String schema, String app, UnaryOperator<StoreConfig.Builder> custom) {
        return MemoryStores.open(custom.apply(server.config(schema).property("applicationName", app)).build());
    }

    /** A draft with a random vector. */
    static MemoryDraft draft(Random random, String content) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = random.nextFloat() - 0.5f;
        }
        return MemoryDraft.of(content).embedding(v);
    }

    /** A random query vector. */
    static float[] vector(Random random) {
        return draft(random, "q").embedding();
    }

    /** The transparent retries of every operation so far. */
    static long retries(MemoryStore store) {
        return store.stats().operations().values().stream().mapToLong(StoreStats.OperationStats::retries).sum();
    }

    /** The server pids of the store connections named {@code app}. */
    static List<Integer> backends(PgServer server, String app, String state) throws SQLException {
        List<Integer> pids = new ArrayList<>();
        try (Connection c = server.admin(); PreparedStatement s = c.prepareStatement("SELECT pid FROM pg_stat_activity"
                + " WHERE application_name = ? AND (? IS NULL OR state = ?) AND pid <> pg_backend_pid()")) {
            s.setString(1, app);
            s.setString(2, state);
            s.setString(3, state);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    pids.add(rs.getInt(1));
                }
            }
        }
        return pids;
    }

    /** Terminates every backend of {@code app}; returns how many were terminated. */
    static int terminateAll(PgServer server, String app) throws SQLException {
        try (Connection c = server.admin(); PreparedStatement s = c.prepareStatement("SELECT count(*) FILTER (WHERE"
                + " pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?"
                + " AND pid <> pg_backend_pid()")) {
            s.setString(1, app);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Terminates one backend. */
    static boolean terminate(PgServer server, int pid) throws SQLException {
        try (Connection c = server.admin(); PreparedStatement s = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            s.setInt(1, pid);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Prints one figure line, which the docs quote. */
    static void figure(String test, String text) {
        System.out.println("[fault-figures] " + test + ": " + text);
    }
}
