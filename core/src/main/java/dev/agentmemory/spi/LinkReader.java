package dev.agentmemory.spi;

import dev.agentmemory.Link;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Neighbourhood;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Confined to the calling thread: reads of typed links between memories. */
public interface LinkReader {

    /**
     * The links touching any of {@code ids} in the given direction.
     *
     * @param types the link types to follow; empty for every type
     */
    List<Link> links(String tenant, Collection<MemoryId> ids, Set<String> types, Neighbourhood.Direction direction);
}
