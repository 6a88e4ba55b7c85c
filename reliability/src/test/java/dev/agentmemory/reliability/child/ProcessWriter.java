package dev.agentmemory.reliability.child;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.reliability.support.AckLog;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Confined to its main thread: one of several child JVMs that open the same new SQLite file at
 * the same moment. It signals it is ready, waits for the start file, opens the store and puts
 * {@code count} memories, logging each acknowledged id; any failure is printed and exits with 1.
 *
 * <p>Arguments: the store URI, the start file, this child's number, the count, the log file.
 */
public final class ProcessWriter {
    private ProcessWriter() {}

    /** Waits, opens, writes, exits 0 if every put succeeded. */
    public static void main(String[] args) throws Exception {
        Path start = Path.of(args[1]);
        int me = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        Files.createFile(Path.of(args[4] + ".ready"));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(start)) {
            if (System.nanoTime() > deadline) {
                System.out.println("FAIL: no start file");
                System.exit(2);
            }
            Thread.onSpinWait();
        }
        int done = 0;
        try (MemoryStore store = MemoryStores.open(args[0]); AckLog log = AckLog.append(Path.of(args[4]))) {
            Namespace ns = store.namespace("t", "procs");
            for (int i = 0; i < count; i++) {
                MemoryId id = ns.put(MemoryDraft.of("process " + me + " write " + i)
                        .embedding(new float[] {me, i, 1f}).metadata("p", (long) me));
                log.ack(id.toString());
                done++;
            }
        } catch (Throwable e) {
            System.out.println("FAIL after " + done + " puts: " + e);
            e.printStackTrace(System.out);
            System.exit(1);
        }
        System.out.println("OK " + done);
    }
}
