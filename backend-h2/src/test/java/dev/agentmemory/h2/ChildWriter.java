package dev.agentmemory.h2;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.StoreConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Confined to its main thread: the child of {@link H2KillDurabilityIT}. Puts memories in a loop
 * until it is killed, and after each {@code put} returns appends the acknowledged id to a log
 * file, flushed per line (a flushed line is in the OS page cache, which {@code kill -9} keeps).
 *
 * <p>Arguments: the store URI, the log file, then {@code name=value} store properties.
 */
public final class ChildWriter {
    private ChildWriter() {}

    /**
     * Runs until killed.
     *
     * @throws IOException if the log cannot be written
     */
    public static void main(String[] args) throws IOException {
        StoreConfig.Builder config = StoreConfig.builder(args[0]);
        for (int i = 2; i < args.length; i++) {
            String[] p = args[i].split("=", 2);
            config.property(p[0], p[1]);
        }
        try (MemoryStore store = MemoryStores.open(config.build());
                BufferedWriter log = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8)) {
            Namespace ns = store.namespace("t", "kill");
            for (long i = 0; ; i++) {
                MemoryId id = ns.put(MemoryDraft.of("write " + i).embedding(new float[] {1f, i % 7, 0.25f}));
                log.write(id.toString());
                log.newLine();
                log.flush();
            }
        }
    }
}
