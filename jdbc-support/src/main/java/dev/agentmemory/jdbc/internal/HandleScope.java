package dev.agentmemory.jdbc.internal;

import org.jdbi.v3.core.HandleCallback;

/**
 * Confined to the calling thread: runs a callback on the handle of the transaction in progress.
 *
 * <p>Why this exists: no object may keep a {@code Handle} in a field (the ArchUnit rules
 * forbid it everywhere, with no exemptions). The transaction runner creates a scope as a
 * lambda that captures its local handle variable, inside the transaction callback, and the
 * session calls through it. The handle therefore never outlives the callback: the session
 * checks its owner thread and liveness before every call, and drops the scope (swapping in a
 * sentinel that throws) the moment the callback returns.
 */
@FunctionalInterface
interface HandleScope {
    /** Runs {@code callback} on the transaction's handle and returns its result. */
    Object call(HandleCallback<?, RuntimeException> callback);
}
