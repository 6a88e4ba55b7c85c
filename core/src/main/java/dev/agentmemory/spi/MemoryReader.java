package dev.agentmemory.spi;

import dev.agentmemory.Filter;
import dev.agentmemory.MemoryId;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;

/**
 * Confined to the calling thread: reads of memory rows and of a namespace's fixed dimension.
 *
 * <p>Expiry: {@link #find}, {@link #findIds}, {@link #list} and {@link #count} never return or
 * count a memory whose expiry is at or before the store clock's now (the clock of the
 * {@link dev.agentmemory.StoreConfig} the engine was opened with). The other reads say what they
 * return.
 */
public interface MemoryReader {

    /** The embedding dimension the namespace was fixed to, empty if none yet. */
    OptionalInt dimension(String tenant, String namespace);

    /**
     * Reads memories by id.
     *
     * @param namespace the namespace, or null for any namespace of the tenant
     * @return the rows found, in no particular order
     */
    List<StoredMemory> find(String tenant, String namespace, Collection<MemoryId> ids);

    /**
     * Reads memories by id as {@link #find} does, but a backend may leave their embeddings out:
     * each returned memory's embedding is either the stored one or empty (length 0). A search
     * reads its best candidates with this, since its index already holds their vectors and the
     * embedding is most of a row (1,536 bytes at 384 dimensions); the search puts the vector back
     * from the index. The default is {@link #find}.
     *
     * @param namespace the namespace, or null for any namespace of the tenant
     * @return the rows found, in no particular order
     */
    default List<StoredMemory> findWithoutEmbeddings(String tenant, String namespace, Collection<MemoryId> ids) {
        return find(tenant, namespace, ids);
    }

    /**
     * The ids of the memories matching {@code filter}, in id order.
     *
     * @param filter validated by core, or null for all
     */
    List<MemoryId> findIds(String tenant, String namespace, Filter filter);

    /**
     * One page of memories in id order.
     *
     * @param filter validated by core, or null for all
     * @param after only ids greater than this, or null from the start
     * @param limit at most this many
     */
    List<StoredMemory> list(String tenant, String namespace, Filter filter, MemoryId after, int limit);

    /**
     * The number of memories matching {@code filter}.
     *
     * @param filter validated by core, or null for all
     */
    long count(String tenant, String namespace, Filter filter);

    /**
     * The memories of the namespace whose content hash is one of {@code hashes}, expired ones
     * included; each returned with its hash.
     */
    List<StoredMemory> findByContentHash(String tenant, String namespace, Collection<String> hashes);

    /** The memories with these ids in any namespace of the tenant, expired ones included. */
    List<StoredMemory> findAnyState(String tenant, Collection<MemoryId> ids);

    /** Up to {@code limit} memories of any tenant whose expiry is at or before {@code nowMicros}. */
    List<MemoryRef> findExpired(long nowMicros, int limit);
}
