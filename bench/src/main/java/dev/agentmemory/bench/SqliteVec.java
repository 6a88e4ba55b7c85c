package dev.agentmemory.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * Confined to the calling thread: sqlite-vec, the vector search extension for SQLite, loaded
 * into sqlite-jdbc, as a peer for exact top-10 and for ingest over the same vectors. The
 * extension is the {@code vec0} library of the npm package {@code sqlite-vec} (its
 * {@code sqlite-vec-linux-x64} part): {@code npm install --prefix ~/.cache/agent-memory-npm
 * sqlite-vec}, or set {@code SQLITE_VEC_PATH} to a {@code vec0} library.
 */
final class SqliteVec implements AutoCloseable {

    private final Connection connection;
    private final PreparedStatement knn;
    private final int dim;

    private SqliteVec(Connection connection, int dim) throws SQLException {
        this.connection = connection;
        this.dim = dim;
        this.knn = connection.prepareStatement(
                "SELECT rowid FROM items WHERE embedding MATCH ? AND k = ? ORDER BY distance");
    }

    /** Where the extension is: {@code SQLITE_VEC_PATH}, else the npm package under {@code ~/.cache/agent-memory-npm}. */
    static Optional<Path> library() {
        String env = System.getenv("SQLITE_VEC_PATH");
        Path p = env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "agent-memory-npm", "node_modules",
                        "sqlite-vec-linux-x64", "vec0.so");
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** The npm package's version, for the report, or "?". */
    static String version(Path library) {
        try {
            Path pkg = library.getParent().resolve("package.json");
            String json = Files.readString(pkg);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
            return m.find() ? m.group(1) : "?";
        } catch (Exception e) {
            return "?";
        }
    }

    /**
     * Creates {@code file} (WAL, synchronous=NORMAL, as our SQLite backend) with a {@code vec0}
     * table, and loads {@code data} into it in transactions of {@code batch} rows.
     *
     * @return the open table, ready to search; {@link #loadSeconds} holds the load time
     */
    static SqliteVec load(Path library, Path file, float[][] data, int batch) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(true);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        Connection c = config.createConnection("jdbc:sqlite:" + file);
        try {
            try (PreparedStatement load = c.prepareStatement("SELECT load_extension(?)")) {
                load.setString(1, library.toString());
                load.execute();
            }
            int dim = data[0].length;
            try (Statement s = c.createStatement()) {
                s.execute("CREATE VIRTUAL TABLE items USING vec0(embedding float[" + dim + "])");
            }
            long t0 = System.nanoTime();
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO items(rowid, embedding) VALUES (?, ?)")) {
                for (int i = 0; i < data.length; i++) {
                    insert.setLong(1, i);
                    insert.setBytes(2, blob(data[i]));
                    insert.executeUpdate();
                    if ((i + 1) % batch == 0) {
                        c.commit();
                    }
                }
            }
            c.commit();
            c.setAutoCommit(true);
            SqliteVec table = new SqliteVec(c, dim);
            table.loadSeconds = (System.nanoTime() - t0) / 1e9;
            return table;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    double loadSeconds;

    /** Exact top-k by L2 distance (the same order as cosine on unit vectors), as row ids = positions. */
    int[] search(float[] q, int k) {
        try {
            knn.setBytes(1, blob(q));
            knn.setInt(2, k);
            int[] out = new int[k];
            int n = 0;
            try (ResultSet rs = knn.executeQuery()) {
                while (rs.next() && n < k) {
                    out[n++] = (int) rs.getLong(1);
                }
            }
            return n == k ? out : java.util.Arrays.copyOf(out, n);
        } catch (SQLException e) {
            throw new IllegalStateException("sqlite-vec query failed: " + e.getMessage(), e);
        }
    }

    private static byte[] blob(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    int dimension() {
        return dim;
    }

    @Override
    public void close() throws SQLException {
        knn.close();
        connection.close();
    }
}
