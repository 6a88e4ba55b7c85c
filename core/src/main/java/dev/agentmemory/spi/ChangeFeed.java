package dev.agentmemory.spi;

import dev.agentmemory.MemoryId;
import java.util.Comparator;
import java.util.List;

/**
 * Confined to the calling thread: what changed in a namespace, read by the search index to stay
 * fresh. The only storage capability the index depends on.
 *
 * <p>Every write advances its namespace's change counter in its own transaction and stamps its
 * rows and tombstones with the new values (see {@link MemoryWriter#advanceSequence}); a counter
 * value {@code S} read in a snapshot therefore means every write up to {@code S} is committed and
 * visible in it. Erasure removes rows without tombstones and changes the namespace's
 * incarnation instead (see {@link FeedPosition}).
 */
public interface ChangeFeed {

    /** The namespace's change counter, 0 if the namespace does not exist. */
    long currentSequence(String tenant, String namespace);

    /**
     * The namespace's incarnation and counter, in one statement: the check before every search.
     * The default reads the counter alone and reports incarnation 1 while the namespace exists (a
     * backend without incarnations); every backend that supports erasure overrides it.
     */
    default FeedPosition position(String tenant, String namespace) {
        long sequence = currentSequence(tenant, namespace);
        return sequence == 0 ? FeedPosition.ABSENT : new FeedPosition(1, sequence);
    }

    /**
     * Everything that changed after {@code afterSeq}, with the counter and the incarnation, from
     * one snapshot. With {@code afterSeq} 0 this is a full load and needs no tombstones.
     */
    ChangeBatch changesSince(String tenant, String namespace, long afterSeq);

    /**
     * One page of the namespace's live memories in id order, each with its seq: how the index
     * loads a namespace in chunks (and streams one larger than its budget) instead of reading it
     * whole. Each call may read a snapshot of its own; the index reads the counter before the
     * first page and the changes after it once the last page is in, so what changed between
     * pages is caught up.
     *
     * <p>The default cuts the page out of a full {@link #changesSince} read, which is right but
     * reads everything per page: for feeds in tests. Sessions implement it with one query
     * ({@link ReadSession} through {@link MemoryReader#list}).
     *
     * @param after only ids greater than this, or null from the start
     * @param limit at most this many, at least 1
     * @return the page, in id order; fewer than {@code limit} rows means it is the last
     */
    default List<StoredMemory> livePage(String tenant, String namespace, MemoryId after, int limit) {
        return changesSince(tenant, namespace, 0).upserts().stream()
                .filter(r -> after == null || r.memory().id().compareTo(after) > 0)
                .sorted(Comparator.comparing(r -> r.memory().id()))
                .limit(limit)
                .toList();
    }
}
