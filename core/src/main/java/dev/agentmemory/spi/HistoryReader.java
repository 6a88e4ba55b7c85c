package dev.agentmemory.spi;

import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryVersion;
import java.util.List;

/** Confined to the calling thread: reads of the earlier versions of memories. */
public interface HistoryReader {

    /** The history entries of a memory in the namespace, newest first. */
    List<MemoryVersion> history(String tenant, String namespace, MemoryId id);
}
