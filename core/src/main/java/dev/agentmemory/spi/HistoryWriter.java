package dev.agentmemory.spi;

import dev.agentmemory.MemoryId;
import java.util.List;

/** Confined to the calling thread: writes of the history. Only a {@link WriteSession} has them. */
public interface HistoryWriter {

    /**
     * Copies the current state of memories (with their metadata) into the history, before an
     * update or delete replaces it.
     *
     * @param firstSeq the seq of the write that replaces the first id; the i-th id gets {@code firstSeq + i}
     * @param deleted true if a delete removes them, false if an update replaces them
     */
    void archive(String tenant, String namespace, List<MemoryId> ids, long firstSeq, boolean deleted);

    /** Deletes all but the newest {@code keep} history entries of a memory. */
    void trimHistory(String tenant, MemoryId id, int keep);
}
