package dev.agentmemory.spi;

/**
 * Immutable and thread-safe: where a namespace's change feed stands, read in one statement: the
 * check the search index makes before every search.
 *
 * <p>The counter alone cannot tell an index that rows went away without tombstones, which is what
 * erasure does. The incarnation can: it changes whenever the namespace's rows are removed without
 * a trace (an erased memory, an erased namespace), and a namespace row created anew gets a fresh
 * one. An index that loaded another incarnation than the current one drops everything it holds
 * and loads the namespace again.
 *
 * @param incarnation the namespace row's incarnation; 0 if the namespace does not exist
 * @param sequence the namespace's change counter; 0 if the namespace does not exist
 */
public record FeedPosition(long incarnation, long sequence) {

    /** The position of a namespace that does not exist. */
    public static final FeedPosition ABSENT = new FeedPosition(0, 0);
}
