package dev.agentmemory.spi;

import java.util.List;

/**
 * Confined to the calling thread: what a tenant holds, by name: the listing an export starts from.
 */
public interface TenantReader {

    /**
     * Up to {@code limit} names of the tenant's namespaces (those with a namespace row), in
     * ascending order of their UTF-8 bytes (identifiers are ASCII: plain string order).
     *
     * @param after only names greater than this, or null from the start
     */
    List<String> namespaces(String tenant, String after, int limit);

    /**
     * Up to {@code limit} session ids of the tenant's conversations, in ascending order.
     *
     * @param after only ids greater than this, or null from the start
     */
    List<String> sessions(String tenant, String after, int limit);
}
