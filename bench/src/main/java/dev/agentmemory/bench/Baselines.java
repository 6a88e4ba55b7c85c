package dev.agentmemory.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The workarounds users reach for when several threads share one SQLite file, written with
 * plain sqlite-jdbc: one connection behind a lock, a new connection per operation, one
 * connection per thread. Each connection gets WAL, {@code synchronous=NORMAL} (as our store's
 * default) and a 5 s busy timeout, so they are the strong versions of those workarounds.
 */
final class Baselines {
    private Baselines() {}

    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS mem (id TEXT PRIMARY KEY, content TEXT NOT NULL,"
            + " embedding BLOB NOT NULL)";

    static Connection open(String file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA busy_timeout=5000");
        }
        return c;
    }

    static byte[] encode(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    static void get(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, content, embedding FROM mem WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    rs.getString(2);
                    rs.getBytes(3);
                }
            }
        }
    }

    static void put(Connection c, String id, String content, float[] v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO mem (id, content, embedding) VALUES (?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, content);
            ps.setBytes(3, encode(v));
            ps.executeUpdate();
        }
    }

    /** One connection shared by all threads, each call under a lock. */
    static final class LockedConnection implements Workload.Target {
        private final Connection c;
        private final ReentrantLock lock = new ReentrantLock();
        private final String[] keys;

        LockedConnection(String file, String[] keys) throws SQLException {
            this.c = open(file);
            this.keys = keys;
        }

        @Override
        public void get(int key) throws SQLException {
            lock.lock();
            try {
                Baselines.get(c, keys[key]);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void put(String id, String content, float[] v) throws SQLException {
            lock.lock();
            try {
                Baselines.put(c, id, content, v);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() throws SQLException {
            c.close();
        }
    }

    /** A new connection for every operation. */
    static final class ConnectionPerOperation implements Workload.Target {
        private final String file;
        private final String[] keys;

        ConnectionPerOperation(String file, String[] keys) {
            this.file = file;
            this.keys = keys;
        }

        @Override
        public void get(int key) throws SQLException {
            try (Connection c = open(file)) {
                Baselines.get(c, keys[key]);
            }
        }

        @Override
        public void put(String id, String content, float[] v) throws SQLException {
            try (Connection c = open(file)) {
                Baselines.put(c, id, content, v);
            }
        }

        @Override
        public void close() {}
    }

    /** One connection per thread, kept in a thread-local. */
    static final class ConnectionPerThread implements Workload.Target {
        private final String file;
        private final String[] keys;
        private final java.util.List<Connection> all = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        private final ThreadLocal<Connection> mine;

        ConnectionPerThread(String file, String[] keys) {
            this.file = file;
            this.keys = keys;
            this.mine = ThreadLocal.withInitial(() -> {
                try {
                    Connection c = open(this.file);
                    all.add(c);
                    return c;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        @Override
        public void get(int key) throws SQLException {
            Baselines.get(mine.get(), keys[key]);
        }

        @Override
        public void put(String id, String content, float[] v) throws SQLException {
            Baselines.put(mine.get(), id, content, v);
        }

        @Override
        public void close() throws SQLException {
            for (Connection c : all) {
                c.close();
            }
        }
    }
}
