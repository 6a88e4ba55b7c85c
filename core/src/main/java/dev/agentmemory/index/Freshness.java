package dev.agentmemory.index;

import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.spi.ChangeBatch;
import dev.agentmemory.spi.ChangeFeed;
import dev.agentmemory.spi.FeedPosition;
import dev.agentmemory.spi.StoredMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Thread-safe: share one instance per namespace index. The freshness protocol of one namespace:
 * the watermark (the change-counter value applied so far), the counter check before a search,
 * the bounded-staleness shortcut, and which changes of a batch apply. To change how the index
 * stays fresh, open this class; what applying a change does to the slots is the
 * {@link Target}'s job.
 *
 * <p>Before every search the counter is read (one primary-key lookup) and, if the database is
 * ahead, every row and tombstone with a higher seq is read in one snapshot and applied. Writers
 * bump that counter in their own transaction, and its row lock orders commits, so a counter
 * value {@code S} in a snapshot means every write up to {@code S} is committed and visible.
 * Hence a search sees every write acknowledged before it started, from any thread or any store
 * instance on the same database. Erasure leaves no tombstone: it changes the namespace's
 * incarnation instead, and an index that sees another incarnation than the one it loaded (or a
 * counter that went back) drops everything and loads the namespace again. With a staleness
 * bound above zero the read is skipped while
 * the last one is younger than that and this store has written nothing since.
 *
 * <p>The first load reads the namespace in pages ({@link ChangeFeed#livePage}), after reading the
 * counter {@code S0}: every write up to {@code S0} is in the pages, and every change after it
 * carries a higher seq, so the next refresh (from {@code S0}) repairs whatever moved between
 * pages. Between pages
 * the target may say it has outgrown its byte limit: the load stops, and the index stays
 * unloaded (its owner streams the namespace instead).
 */
final class Freshness {
    /** Rows per page of a full load. */
    static final int PAGE = 1_024;

    /** Where the changes go: called with the refresh lock held, one batch at a time. */
    interface Target {
        /**
         * Applies deletions, then upserts, atomically for readers.
         *
         * @param fullLoad true for the first page of a full load: empty the index first
         * @return false if the target now holds more than its byte limit
         */
        boolean apply(boolean fullLoad, List<MemoryId> deletions, List<Memory> upserts);

        /** A full load ended: in {@code nanos}, complete if {@code complete}, else stopped at the limit. */
        void loaded(boolean complete, long nanos);
    }

    private final String tenant;
    private final String namespace;
    private final long stalenessNanos;
    private final ReentrantLock refreshLock = new ReentrantLock();

    /** The counter value applied so far; -1 until the first load. Written under the refresh lock. */
    private volatile long watermark = -1;
    /** The incarnation of the namespace the index holds (see {@link FeedPosition}). Written under the refresh lock. */
    private volatile long incarnation;
    /** Set when a load stopped at the target's limit: this index will never hold the namespace. */
    private volatile boolean outgrown;
    /** When the counter was last read (System.nanoTime), and this store's write count then. */
    private volatile long lastCheckNanos;
    private volatile long lastCheckEpoch = -1;

    Freshness(String tenant, String namespace, long stalenessNanos) {
        this.tenant = tenant;
        this.namespace = namespace;
        this.stalenessNanos = stalenessNanos;
    }

    /**
     * Brings the target up to the database's current state, or, with a staleness bound, trusts
     * the last check if it is young enough and {@code writeEpoch} (this store's count of finished
     * writes, -1 if unknown) has not moved since.
     *
     * @return false if the namespace outgrew the target's limit (the target holds nothing)
     */
    boolean refresh(ChangeFeed feed, long writeEpoch, Target target) {
        if (stalenessNanos > 0 && writeEpoch >= 0 && watermark >= 0 && writeEpoch == lastCheckEpoch
                && System.nanoTime() - lastCheckNanos < stalenessNanos) {
            return true;
        }
        long started = System.nanoTime();
        boolean held = refreshUpTo(feed, Long.MAX_VALUE, target);
        lastCheckNanos = started;
        lastCheckEpoch = writeEpoch;
        return held;
    }

    /**
     * Brings the target up to {@code committed} from inside a write transaction that holds the
     * namespace's lock: every write up to {@code committed} is committed, and the rows after it
     * are this transaction's own, which must not enter the index before they commit.
     *
     * @return false if the namespace outgrew the target's limit (the target holds nothing)
     */
    boolean catchUp(ChangeFeed session, long committed, Target target) {
        return refreshUpTo(session, committed, target);
    }

    private boolean refreshUpTo(ChangeFeed feed, long upTo, Target target) {
        if (outgrown) {
            return false;
        }
        FeedPosition seen = null;
        if (watermark >= 0) {
            // The freshness check before every search: one primary-key read.
            seen = feed.position(tenant, namespace);
            if (appliedAlready(seen, upTo)) {
                return true;
            }
        }
        refreshLock.lock();
        try {
            if (outgrown) {
                return false;
            }
            if (seen != null && appliedAlready(seen, upTo)) {
                // Another thread applied at least what this one saw while it waited for the lock:
                // a burst of searches after one write reads the changes once.
                return true;
            }
            if (seen != null && seen.incarnation() == incarnation && seen.sequence() < watermark) {
                // A counter below the watermark is what a reset looks like, but also what a read
                // taken just before another thread's refresh looks like once that refresh has
                // moved the watermark past it. Only a read taken now, after the watermark was
                // set, tells them apart; treating the second as a reset emptied the index and
                // reloaded it page by page while other searches scanned it half loaded.
                seen = feed.position(tenant, namespace);
                if (appliedAlready(seen, upTo)) {
                    return true;
                }
            }
            if (watermark <= 0 || seen == null || isReset(seen)) {
                // Every write up to the counter read first is in the pages; a row the pages show
                // in a later state, or miss because it was deleted meanwhile, carries a higher
                // seq, which the next refresh applies again: nothing is read twice now.
                return load(feed, upTo, target);
            }
            return applyChanges(feed, upTo, target);
        } finally {
            refreshLock.unlock();
        }
    }

    /** The full load, page by page; false if the target outgrew its limit. */
    private boolean load(ChangeFeed feed, long upTo, Target target) {
        long started = System.nanoTime();
        FeedPosition start = feed.position(tenant, namespace);
        long counter = Math.min(upTo, start.sequence());
        boolean first = true;
        MemoryId after = null;
        List<StoredMemory> page;
        do {
            page = counter == 0 ? List.of() : feed.livePage(tenant, namespace, after, PAGE);
            List<Memory> rows = new ArrayList<>(page.size());
            for (StoredMemory row : page) {
                if (row.seq() <= upTo) {
                    rows.add(row.memory());
                }
                after = row.memory().id();
            }
            if (!target.apply(first, List.of(), rows)) {
                outgrown = true;
                target.apply(true, List.of(), List.of()); // let go of what was loaded
                target.loaded(false, System.nanoTime() - started);
                return false;
            }
            first = false;
        } while (page.size() == PAGE);
        watermark = counter;
        incarnation = start.incarnation();
        target.loaded(true, System.nanoTime() - started);
        return true;
    }

    /** Applies every change after the watermark, from one snapshot; false if a reload outgrew the limit. */
    private boolean applyChanges(ChangeFeed feed, long upTo, Target target) {
        ChangeBatch batch = feed.changesSince(tenant, namespace, watermark);
        if (batch.incarnation() != incarnation || batch.sequence() < watermark) {
            // Erased between the check and this snapshot: what the index holds may be gone
            // without a tombstone, so only a full load is right.
            return load(feed, upTo, target);
        }
        long sequence = Math.min(upTo, batch.sequence());
        if (sequence <= watermark) {
            return true; // another thread applied a newer snapshot while this one waited
        }
        List<Memory> upserts = new ArrayList<>(batch.upserts().size());
        for (StoredMemory row : batch.upserts()) {
            if (row.seq() <= sequence) {
                upserts.add(row.memory());
            }
        }
        target.apply(false, batch.deletions(), upserts);
        watermark = sequence;
        return true;
    }

    /** True if the index holds the incarnation {@code seen} shows, up to its counter (capped at {@code upTo}). */
    private boolean appliedAlready(FeedPosition seen, long upTo) {
        return !isReset(seen) && Math.min(upTo, seen.sequence()) <= watermark;
    }

    /**
     * True if the namespace was erased, or deleted and created again, since the index loaded it: its
     * incarnation changed, or its counter went back (a backend without incarnations whose namespace
     * row was deleted).
     */
    private boolean isReset(FeedPosition seen) {
        return seen.incarnation() != incarnation || seen.sequence() < watermark;
    }
}
