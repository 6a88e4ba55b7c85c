package dev.agentmemory.spi;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.MemoryStoreException;
import java.util.List;

/**
 * Confined to the calling thread: keyword (full-text) search in the backend's own full-text
 * engine, over the rows the session sees: a read session's snapshot, or a write session's
 * transaction with its own uncommitted writes.
 *
 * <p>A backend that has no keyword index keeps the default, which fails with a message that
 * names the alternative, and returns false from {@link StorageEngine#supportsKeywordSearch()}
 * so core never calls it.
 */
public interface KeywordReader {

    /**
     * The live memories of the tenant's namespaces that hold at least one of the query's words
     * and match {@code filter}, best keyword score first (ties by id), at most {@code limit}.
     *
     * <p>Each word is matched as a plain term, never as full-text syntax; expired memories
     * (by the store clock) and other tenants' rows are never returned. The filter is applied
     * before the limit, so the result holds {@code limit} hits whenever that many match.
     *
     * @param namespaces distinct, valid namespace names, at least one
     * @param query the words, at least one
     * @param filter validated by core, or null for all
     * @param limit at least 1
     * @throws MemoryStoreException with {@link ErrorCode#INVALID_CONFIG} if the backend has no
     *     keyword index (the default)
     * @throws dev.agentmemory.StorageException if the database fails
     */
    default List<KeywordHit> keywordSearch(String tenant, List<String> namespaces, KeywordQuery query, Filter filter,
            int limit) {
        throw new MemoryStoreException(ErrorCode.INVALID_CONFIG, "this backend has no keyword index; search with"
                + " Search.vector(...) or Search.text(...).mode(SearchMode.VECTOR)");
    }
}
