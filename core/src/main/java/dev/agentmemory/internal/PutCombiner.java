package dev.agentmemory.internal;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.StorageException;
import dev.agentmemory.spi.StorageEngine;
import dev.agentmemory.spi.WriteSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Thread-safe: share one instance per store. Group commit for single {@code put}s: puts that
 * arrive while another is being written are written together, in one transaction, by whichever
 * of their threads gets there first.
 *
 * <p>Why: on SQLite every write transaction goes through the one writer connection, and most of
 * a single put's time is its {@code BEGIN IMMEDIATE} and {@code COMMIT} (the WAL frames of every
 * page it touched, the WAL-index update). Under concurrent puts the writer is the queue; a group
 * pays for one commit, and pages shared by its rows (index leaves, the namespace counter row)
 * are written once.
 *
 * <p>How: each put joins a queue, then takes the leader lock. The thread holding the lock
 * drains up to {@value #MAX_GROUP} queued puts and writes them in one
 * {@link StorageEngine#write} transaction, namespace by namespace in arrival order (as the
 * {@code putAll}s a single caller would make), and hands each put its id. A thread whose put was
 * written by another returns as soon as it sees its result. Every put keeps its own semantics:
 * its ids were chosen by its caller before the first attempt (the idempotency key), it is
 * deduplicated against the rows written before it in the same transaction exactly as in a
 * {@code putAll}, and each caller's retries stay its own. If a group's transaction fails with a
 * transient storage failure (busy, connection lost, database unreachable), every put in it gets
 * that failure, for its caller's retrier to judge; if it fails otherwise, its puts are written
 * again one transaction each, as retries (the group may have committed), so that one put's
 * refusal or fault never becomes another's. A put alone runs as before: one
 * transaction, its failure its own.
 *
 * <p>Other single writes join the same groups ({@link #write}): an {@code update}, a
 * {@code delete} by id and a conversation append run as callbacks inside the group's
 * transaction, in arrival order after the group's puts. They keep their semantics the same way:
 * where the engine has savepoints ({@link WriteSession#undoesParts}), each runs in one, so that
 * a version conflict or a memory not found is its caller's alone and the rest of the group
 * commits; without, or if the group fails otherwise than transiently, each is written again
 * alone (as a retry only if the group failed in its commit, see {@link #writeOneByOne}).
 *
 * <p>Not grouped: puts into a namespace view with near-duplicate detection (the check reads
 * the namespace index as of the committed counter, which rows written earlier in the same
 * transaction would falsify), writes inside a {@code transaction}, and {@code putAll},
 * {@code deleteWhere} and the other writes of many rows, which are one transaction already.
 */
final class PutCombiner {
    /** The most puts one transaction writes. */
    static final int MAX_GROUP = 64;

    private final StorageEngine engine;
    private final StoreOperations ops;
    private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();
    private final LongAdder grouped = new LongAdder();
    private final LongAdder groupedOthers = new LongAdder();

    PutCombiner(StorageEngine engine, StoreOperations ops) {
        this.engine = engine;
        this.ops = ops;
    }

    /**
     * One queued write: written by the leader, read by its caller after {@link #done}.
     */
    abstract static class Entry {
        private Object result;
        /** A {@code RuntimeException} or an {@code Error}: what the caller rethrows. */
        private Throwable failure;
        private volatile boolean done;

        final void succeed(Object value) {
            result = value;
            done = true;
        }

        final void fail(Throwable t) {
            failure = t;
            done = true;
        }

        final Object outcome() {
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw (RuntimeException) failure;
            }
            return result;
        }
    }

    /**
     * One put: its draft (validated, with its embedding), the id chosen for it and whether an
     * earlier attempt may have committed.
     */
    static final class Put extends Entry {
        final String tenant;
        final String namespace;
        final MemoryDraft draft;
        final MemoryId id;
        final boolean retry;
        final StoreOperations.WritePolicy policy;

        Put(String tenant, String namespace, MemoryDraft draft, MemoryId id, boolean retry,
                StoreOperations.WritePolicy policy) {
            this.tenant = tenant;
            this.namespace = namespace;
            this.draft = draft;
            this.id = id;
            this.retry = retry;
            this.policy = policy;
        }
    }

    /**
     * A single write other than a put, as a callback on the group's write session.
     *
     * @param <T> what it returns
     */
    @FunctionalInterface
    interface GroupedWork<T> {
        /**
         * Writes on {@code session}.
         *
         * @param retry true if an earlier attempt may have committed (as the pipeline's retry
         *     flag): the work must then find what that attempt wrote rather than write it twice
         */
        T run(WriteSession session, boolean retry);
    }

    /** A queued {@link GroupedWork} and its caller's retry flag. */
    private static final class Job extends Entry {
        final GroupedWork<?> work;
        final boolean retry;

        Job(GroupedWork<?> work, boolean retry) {
            this.work = work;
            this.retry = retry;
        }
    }

    /** Puts written so far in a committed transaction together with at least one other write. */
    long groupedPuts() {
        return grouped.sum();
    }

    /** Updates, deletes and appends written so far in a committed transaction with at least one other write. */
    long groupedWrites() {
        return groupedOthers.sum();
    }

    /**
     * Writes one put, alone or with others queued at the same time.
     *
     * @return the put's id: its new id, or that of the memory that already held its content
     * @throws RuntimeException what writing this put threw (a {@code StorageException} for the
     *     caller's retrier to judge, a validation or conflict error)
     */
    MemoryId put(Put put) {
        return (MemoryId) await(put);
    }

    /**
     * Writes one update, delete or append, alone or with others queued at the same time.
     *
     * @param retry the pipeline's flag: true if an earlier attempt may have committed
     * @return what {@code work} returned
     * @throws RuntimeException what writing it threw (a {@code StorageException} for the
     *     caller's retrier to judge, a validation, conflict or not-found error)
     */
    @SuppressWarnings("unchecked")
    <T> T write(GroupedWork<T> work, boolean retry) {
        return (T) await(new Job(work, retry));
    }

    private Object await(Entry entry) {
        queue.add(entry);
        while (!entry.done) {
            leader.lock();
            try {
                if (!entry.done) {
                    writeQueued(entry);
                }
            } finally {
                leader.unlock();
            }
        }
        return entry.outcome();
    }

    /**
     * Called with the leader lock held: drains one group and completes every put in it.
     *
     * <p>An interrupt of the leader's thread belongs to the leader's own put: the puts of other
     * threads in its group are written with the flag cleared (a JDBC pool refuses to lend a
     * connection to an interrupted thread, and that refusal would otherwise become theirs), the
     * flag is restored, and the leader's own put is then written alone, as it would have been
     * without group commit.
     *
     * @param own the leader's own write
     */
    private void writeQueued(Entry own) {
        List<Entry> group = new ArrayList<>();
        while (group.size() < MAX_GROUP) {
            Entry p = queue.poll();
            if (p == null) {
                break;
            }
            group.add(p);
        }
        if (group.isEmpty()) {
            return;
        }
        if (!Thread.interrupted()) {
            writeGroup(group);
            return;
        }
        boolean mine = group.remove(own);
        try {
            if (!group.isEmpty()) {
                writeGroup(group);
            }
        } finally {
            Thread.currentThread().interrupt();
        }
        if (mine) {
            writeGroup(List.of(own));
        }
    }

    private void writeGroup(List<Entry> group) {
        boolean[] bodyDone = {false};
        try {
            writeTogether(group, bodyDone);
        } catch (RuntimeException | Error e) {
            if (group.size() == 1) {
                group.get(0).fail(e);
            } else if (e instanceof StorageException storage && storage.isTransient()) {
                // Busy, connection lost or database unreachable: no put's own doing, and writing
                // them one by one would wait that out once per put. Each caller's retrier judges
                // its own copy (an unknown outcome is retried by id, so nothing lands twice).
                for (Entry p : group) {
                    p.fail(storage.withContext(""));
                }
            } else {
                writeOneByOne(group, bodyDone[0]);
            }
        } finally {
            for (Entry p : group) {
                if (!p.done) {
                    p.fail(new IllegalStateException("the grouped write was not written"));
                }
            }
        }
    }

    /** @param bodyDone set once the transaction's work has returned (what fails after it is the commit) */
    private void writeTogether(List<Entry> group, boolean[] bodyDone) {
        Map<List<Object>, List<Put>> parts = new LinkedHashMap<>();
        List<Job> jobs = new ArrayList<>();
        for (Entry e : group) {
            if (e instanceof Put p) {
                List<Object> key = List.of(p.tenant, p.namespace, p.policy, p.draft.embedding().length);
                parts.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
            } else {
                jobs.add((Job) e);
            }
        }
        List<Object> results = engine.write(s -> {
            List<Object> all = new ArrayList<>(group.size());
            for (List<Put> part : parts.values()) {
                all.addAll(insert(s, part));
            }
            boolean isolate = group.size() > 1 && s.undoesParts();
            for (Job j : jobs) {
                all.add(isolate ? isolated(s, j) : j.work.run(s, j.retry));
            }
            bodyDone[0] = true;
            return all;
        });
        if (group.size() > 1) {
            grouped.add(group.size() - jobs.size());
            groupedOthers.add(jobs.size());
        }
        int i = 0;
        for (List<Put> part : parts.values()) {
            for (Put p : part) {
                p.succeed(results.get(i++));
            }
        }
        for (Job j : jobs) {
            Object r = results.get(i++);
            if (r instanceof Refused refused) {
                j.fail(refused.failure);
            } else {
                j.succeed(r);
            }
        }
    }

    /** A grouped write that refused in its own savepoint: its failure, kept for its caller. */
    private record Refused(MemoryStoreException failure) {}

    /**
     * Runs a grouped write in a savepoint of the group's transaction. If it refuses (a version
     * conflict, a memory not found: an answer for its caller, not a fault of the transaction) its
     * writes are undone and the rest of the group commits; any other failure (the database's)
     * still fails the whole group.
     */
    private static Object isolated(WriteSession s, Job j) {
        try {
            return s.undoable(() -> j.work.run(s, j.retry));
        } catch (StorageException e) {
            throw e;
        } catch (MemoryStoreException e) {
            return new Refused(e);
        }
    }

    /**
     * After a failed group: each write in its own transaction. Puts go as retries of an unknown
     * outcome (their chosen ids make that safe either way). The other writes go as retries only
     * if the group failed in its commit ({@code mayHaveCommitted}); if it failed in its work the
     * group was rolled back, and each is written as its caller asked: an update retried that
     * found an identical update by another caller at the next version would take it for its own.
     */
    private void writeOneByOne(List<Entry> group, boolean mayHaveCommitted) {
        for (Entry e : group) {
            try {
                if (e instanceof Put p) {
                    e.succeed(engine.write(s -> ops.insert(s, p.tenant, p.namespace, List.of(p.draft), List.of(p.id),
                            true, p.policy)).get(0));
                } else {
                    Job j = (Job) e;
                    e.succeed(engine.write(s -> j.work.run(s, j.retry || mayHaveCommitted)));
                }
            } catch (RuntimeException | Error t) {
                e.fail(t);
            }
        }
    }

    private List<MemoryId> insert(WriteSession s, List<Put> part) {
        Put first = part.get(0);
        List<MemoryDraft> drafts = new ArrayList<>(part.size());
        List<MemoryId> ids = new ArrayList<>(part.size());
        boolean retry = false;
        for (Put p : part) {
            drafts.add(p.draft);
            ids.add(p.id);
            retry |= p.retry;
        }
        return ops.insert(s, first.tenant, first.namespace, drafts, ids, retry, first.policy);
    }
}
