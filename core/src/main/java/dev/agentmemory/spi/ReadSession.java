package dev.agentmemory.spi;

import dev.agentmemory.MemoryId;
import java.util.List;

/**
 * Confined to the calling thread: the storage reads available inside one read transaction,
 * which sees one consistent snapshot. It has no write method: a read cannot write by type.
 *
 * <p>Valid only during the {@link ReadWork} (or {@link WriteWork}) it was handed to, on that
 * thread; an implementation must throw {@link IllegalStateException} naming the owner thread
 * when used from another thread or afterwards, before touching the database. Every method takes
 * the tenant, and no statement may read rows of another tenant.
 *
 * <p>The capabilities are split by area, so that a component can ask for the one it needs: the
 * search index reads a {@link ChangeFeed} and nothing else.
 */
public interface ReadSession extends MemoryReader, ChangeFeed, HistoryReader, LinkReader, ConversationReader,
        TenantReader, KeywordReader {

    /** {@inheritDoc} The default is one {@link #list} call without a filter. */
    @Override
    default List<StoredMemory> livePage(String tenant, String namespace, MemoryId after, int limit) {
        return list(tenant, namespace, null, after, limit);
    }
}
