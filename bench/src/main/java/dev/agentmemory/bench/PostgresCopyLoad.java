package dev.agentmemory.bench;

import dev.agentmemory.MemoryId;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HexFormat;
import java.util.Random;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Confined to the harness thread: the fastest plain-JDBC load we know of the ingest section's
 * rows into a PostgreSQL server, for the store's batched ingest to be compared with: pgjdbc's
 * {@code COPY ... FROM STDIN} into the store's own {@code memories} and {@code memory_metadata}
 * tables (same columns, same indexes and keys, created by opening a store on the schema),
 * one transaction per batch as the store's {@code putAll}.
 *
 * <p>It does the work a loader must do anyway and skips what only the store does: the rows are
 * generated exactly as in {@link IngestBench} (same seed, content and metadata), each gets a
 * UUIDv7, the SHA-256 of its content and its little-endian float bytes, as the store writes
 * them; there is no deduplication lookup, no change counter and no index refresh.
 */
final class PostgresCopyLoad {
    private static final HexFormat HEX = HexFormat.of();

    private PostgresCopyLoad() {}

    /**
     * Loads {@code n} rows into the schema of {@code url} in transactions of {@code batch}.
     *
     * @return the seconds it took, generating the rows included (as in the store's figure)
     */
    static double load(String url, int n, int batch) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO namespaces (tenant, namespace, seq, created_at)"
                    + " VALUES ('bench', 'ingest', 0, 0) ON CONFLICT DO NOTHING")) {
                ps.executeUpdate();
            }
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Random r = new Random(3);
            long t0 = System.nanoTime();
            for (int from = 0; from < n; from += batch) {
                StringBuilder memories = new StringBuilder(batch * 3200);
                StringBuilder metadata = new StringBuilder(batch * 120);
                long now = System.currentTimeMillis() * 1000;
                for (int i = from; i < Math.min(n, from + batch); i++) {
                    float[] v = StoreBench.vector(r);
                    String content = "memory number " + i;
                    String id = MemoryId.generate().toString();
                    String hash = HEX.formatHex(sha.digest(content.getBytes(StandardCharsets.UTF_8)));
                    ByteBuffer bytes = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asFloatBuffer().put(v);
                    // Text format: tab-separated, \N for null, bytea as \\x followed by hex.
                    memories.append("bench\t").append(id).append("\tingest\t").append(content).append("\t\\\\x")
                            .append(HEX.formatHex(bytes.array())).append('\t').append(now).append('\t').append(now)
                            .append("\t1\t").append(i + 1).append("\t\\N\t").append(hash).append('\n');
                    metadata.append("bench\t").append(id).append("\ti\tl\t\\N\t").append((double) i).append('\t')
                            .append(i).append('\n');
                    metadata.append("bench\t").append(id).append("\tkind\ts\t").append(i % 2 == 0 ? "even" : "odd")
                            .append("\t\\N\t\\N\n");
                }
                copy.copyIn("COPY memories (tenant, id, namespace, content, embedding, created_at, updated_at, version,"
                        + " seq, expires_at, content_hash) FROM STDIN", new StringReader(memories.toString()));
                copy.copyIn("COPY memory_metadata (tenant, memory_id, meta_key, kind, str_value, num_value, long_value)"
                        + " FROM STDIN", new StringReader(metadata.toString()));
                c.commit();
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }
}
