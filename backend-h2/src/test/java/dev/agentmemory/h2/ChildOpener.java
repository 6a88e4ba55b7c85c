package dev.agentmemory.h2;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.MemoryStores;

/**
 * Confined to its main thread: the child of {@link H2SecondProcessIT}. Opens the store named by
 * its argument and prints {@code OPENED count=<n>} (exit 0), or {@code FAILED <type> <kind>:
 * <message>} (exit 3).
 */
public final class ChildOpener {
    private ChildOpener() {}

    /** Opens, counts {@code t/n}, closes. */
    public static void main(String[] args) {
        try (MemoryStore store = MemoryStores.open(args[0])) {
            System.out.println("OPENED count=" + store.namespace("t", "n").count());
        } catch (MemoryStoreException e) {
            String kind = e instanceof dev.agentmemory.StorageException s ? s.kind().toString() : e.code().toString();
            System.out.println("FAILED " + e.getClass().getSimpleName() + " " + kind + ": " + e.getMessage());
            System.exit(3);
        }
    }
}
