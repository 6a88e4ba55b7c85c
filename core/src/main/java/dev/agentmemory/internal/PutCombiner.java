package dev.agentmemory.internal;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
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
 * <p>Not grouped: puts into a namespace view with near-duplicate detection (the check reads
 * the namespace index as of the committed counter, which rows written earlier in the same
 * transaction would falsify), puts inside a {@code transaction} and {@code putAll}, which is
 * one transaction already.
 */
final class PutCombiner {
    /** The most puts one transaction writes. */
    static final int MAX_GROUP = 64;

    private final StorageEngine engine;
    private final StoreOperations ops;
    private final ConcurrentLinkedQueue<Put> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();
    private final LongAdder grouped = new LongAdder();

    PutCombiner(StorageEngine engine, StoreOperations ops) {
        this.engine = engine;
        this.ops = ops;
    }

    /**
     * One put: its draft (validated, with its embedding), the id chosen for it and whether an
     * earlier attempt may have committed. Written by the leader, read by its caller after
     * {@link #done}.
     */
    static final class Put {
        final String tenant;
        final String namespace;
        final MemoryDraft draft;
        final MemoryId id;
        final boolean retry;
        final StoreOperations.WritePolicy policy;
        private MemoryId result;
        /** A {@code RuntimeException} or an {@code Error}: what {@link #put} rethrows. */
        private Throwable failure;
        private volatile boolean done;

        Put(String tenant, String namespace, MemoryDraft draft, MemoryId id, boolean retry,
                StoreOperations.WritePolicy policy) {
            this.tenant = tenant;
            this.namespace = namespace;
            this.draft = draft;
            this.id = id;
            this.retry = retry;
            this.policy = policy;
        }

        private void succeed(MemoryId id) {
            result = id;
            done = true;
        }

        private void fail(Throwable t) {
            failure = t;
            done = true;
        }

        private MemoryId outcome() {
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw (RuntimeException) failure;
            }
            return result;
        }
    }

    /** Puts written so far in a committed transaction together with at least one other. */
    long groupedPuts() {
        return grouped.sum();
    }

    /**
     * Writes one put, alone or with others queued at the same time.
     *
     * @return the put's id: its new id, or that of the memory that already held its content
     * @throws RuntimeException what writing this put threw (a {@code StorageException} for the
     *     caller's retrier to judge, a validation or conflict error)
     */
    MemoryId put(Put put) {
        queue.add(put);
        while (!put.done) {
            leader.lock();
            try {
                if (!put.done) {
                    writeQueued(put);
                }
            } finally {
                leader.unlock();
            }
        }
        return put.outcome();
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
     * @param own the leader's own put
     */
    private void writeQueued(Put own) {
        List<Put> group = new ArrayList<>();
        while (group.size() < MAX_GROUP) {
            Put p = queue.poll();
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

    private void writeGroup(List<Put> group) {
        try {
            writeTogether(group);
        } catch (RuntimeException | Error e) {
            if (group.size() == 1) {
                group.get(0).fail(e);
            } else if (e instanceof StorageException storage && storage.isTransient()) {
                // Busy, connection lost or database unreachable: no put's own doing, and writing
                // them one by one would wait that out once per put. Each caller's retrier judges
                // its own copy (an unknown outcome is retried by id, so nothing lands twice).
                for (Put p : group) {
                    p.fail(storage.withContext(""));
                }
            } else {
                writeOneByOne(group);
            }
        } finally {
            for (Put p : group) {
                if (!p.done) {
                    p.fail(new IllegalStateException("the grouped put was not written"));
                }
            }
        }
    }

    private void writeTogether(List<Put> group) {
        Map<List<Object>, List<Put>> parts = new LinkedHashMap<>();
        for (Put p : group) {
            List<Object> key = List.of(p.tenant, p.namespace, p.policy, p.draft.embedding().length);
            parts.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        List<MemoryId> ids = engine.write(s -> {
            List<MemoryId> all = new ArrayList<>(group.size());
            for (List<Put> part : parts.values()) {
                all.addAll(insert(s, part));
            }
            return all;
        });
        if (group.size() > 1) {
            grouped.add(group.size());
        }
        int i = 0;
        for (List<Put> part : parts.values()) {
            for (Put p : part) {
                p.succeed(ids.get(i++));
            }
        }
    }

    /** After a failed group: each put in its own transaction, as a retry of an unknown outcome. */
    private void writeOneByOne(List<Put> group) {
        for (Put p : group) {
            try {
                p.succeed(engine.write(s -> ops.insert(s, p.tenant, p.namespace, List.of(p.draft), List.of(p.id),
                        true, p.policy)).get(0));
            } catch (RuntimeException | Error e) {
                p.fail(e);
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
