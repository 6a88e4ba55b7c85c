package dev.agentmemory.internal;

import dev.agentmemory.MemoryId;
import java.util.List;

/**
 * Confined to the thread of one call: what the attempts of one write share, so that a retry
 * after a failure with an unknown outcome cannot apply the write twice.
 *
 * <p>The ids of an insert are chosen once, at the first attempt, and reused by every retry:
 * they are the write's idempotency key. A retry looks them up first and, if the earlier attempt
 * committed after all, returns them instead of inserting again.
 */
final class WriteAttempts {
    private boolean started;
    private List<MemoryId> ids;

    /** False for the first attempt, true for every retry; call once per attempt. */
    boolean nextIsRetry() {
        boolean retry = started;
        started = true;
        return retry;
    }

    /** The ids of the write's {@code count} new memories, the same for every attempt. */
    List<MemoryId> ids(int count) {
        if (ids == null) {
            ids = StoreOperations.newIds(count);
        }
        return ids;
    }
}
