package dev.agentmemory.spi;

import dev.agentmemory.Link;
import dev.agentmemory.MemoryId;

/** Confined to the calling thread: writes of links. Only a {@link WriteSession} has them. */
public interface LinkWriter {

    /** Creates a link, or changes the weight and time of the same (from, type, to) link. */
    void link(String tenant, Link link);

    /** Removes a link; false if there was none. */
    boolean unlink(String tenant, MemoryId from, String type, MemoryId to);
}
