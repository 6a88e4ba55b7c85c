package dev.agentmemory.reliability.child;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Confined to its main thread: a child JVM that opens a store on a new file (running the schema
 * migration) and puts one memory. It creates a marker file just before opening, so the parent can
 * land its kill inside the migration.
 *
 * <p>Arguments: the store URI, the marker file. A second marker, the first's name plus
 * {@code .opened}, is created when the open returned.
 */
public final class Opener {
    private Opener() {}

    /** Opens, puts, exits. */
    public static void main(String[] args) throws Exception {
        Files.createFile(Path.of(args[1]));
        try (MemoryStore store = MemoryStores.open(args[0])) {
            Files.createFile(Path.of(args[1] + ".opened"));
            store.namespace("t", "open").put(MemoryDraft.of("opened").embedding(new float[] {1f, 2f}));
        }
        System.out.println("opened");
    }
}
