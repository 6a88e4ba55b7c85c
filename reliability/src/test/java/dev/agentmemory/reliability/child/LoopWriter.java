package dev.agentmemory.reliability.child;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.reliability.support.AckLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Confined to its main thread: a child JVM that puts memories (with metadata) in a loop until it
 * is killed, appending each acknowledged id to a log after {@code put} returns.
 *
 * <p>Arguments: the store URI, the log file, the mode, then {@code name=value} store properties.
 * Mode {@code checkpoint} (SQLite) also runs {@code PRAGMA wal_checkpoint(TRUNCATE)} in a loop
 * from a raw JDBC connection of its own on another thread, so the kill often lands while a
 * checkpoint copies WAL pages into the database file and truncates the WAL.
 */
public final class LoopWriter {
    private LoopWriter() {}

    /** Runs until killed. */
    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String mode = args[2];
        StoreConfig.Builder config = StoreConfig.builder(uri);
        for (int i = 3; i < args.length; i++) {
            String[] p = args[i].split("=", 2);
            config.property(p[0], p[1]);
        }
        try (MemoryStore store = MemoryStores.open(config.build()); AckLog log = AckLog.append(Path.of(args[1]))) {
            if (mode.equals("checkpoint")) {
                Thread checkpointer = new Thread(() -> checkpointLoop(uri), "checkpointer");
                checkpointer.setDaemon(true);
                checkpointer.start();
            }
            Namespace ns = store.namespace("t", "crash");
            // A token per run: contents never repeat across runs, so deduplication cannot merge them.
            long run = ProcessHandle.current().pid();
            float[] v = new float[16];
            for (long i = 0; ; i++) {
                for (int d = 0; d < v.length; d++) {
                    v[d] = (float) Math.sin(i * 31 + d + run);
                }
                // about 1 KB of content, so pages fill and checkpoints have work to do
                String content = "write " + run + " " + i + " " + "x".repeat(900);
                MemoryId id = ns.put(MemoryDraft.of(content).embedding(v).metadata("i", i).metadata("tag", "t" + i % 5));
                log.ack(id + " " + run + " " + i);
            }
        }
    }

    private static void checkpointLoop(String uri) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + uri.substring("sqlite:".length()));
                Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            while (true) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                Thread.sleep(5);
            }
        } catch (Exception e) {
            System.out.println("checkpointer stopped: " + e);
        }
    }
}
