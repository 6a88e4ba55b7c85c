package dev.agentmemory.internal;

/**
 * Immutable: what the store needs to know about one public operation to run it through the
 * {@link OperationPipeline}: its name (in statistics and error messages), whether it writes, and
 * which storage failures it may retry.
 *
 * <p>A write refuses to start on a thread that runs a transaction callback (it would wait for
 * the write lock the transaction holds) and, finished or failed, moves the store's write epoch
 * (a failed write may still have committed), which a bounded-staleness search watches.
 *
 * @param name the operation's name, for example {@code put}
 * @param kind read or write
 * @param retry which storage failures the storage part retries
 */
record Operation(String name, Kind kind, Retrier.Mode retry) {

    /** Whether an operation changes the database. */
    enum Kind {
        READ,
        WRITE
    }

    static final Operation GET = read("get");
    static final Operation GET_ALL = read("getAll");
    static final Operation SEARCH = read("search");
    static final Operation COUNT = read("count");
    static final Operation LIST = read("list");
    static final Operation HISTORY = read("history");
    static final Operation LINKS = read("links");
    static final Operation NEIGHBOURS = read("neighbours");
    static final Operation LAST = read("last");
    static final Operation SIZE = read("size");
    static final Operation STATS = read("stats");
    static final Operation NAMESPACES = read("namespaces");
    static final Operation CONVERSATIONS = read("conversations");
    static final Operation READ = read("read");
    static final Operation CHECK = read("check");

    static final Operation PUT = write("put");
    static final Operation PUT_ALL = write("putAll");
    static final Operation UPDATE = write("update");
    static final Operation DELETE = write("delete");
    static final Operation DELETE_WHERE = write("deleteWhere");
    static final Operation LINK = write("link");
    static final Operation UNLINK = write("unlink");
    static final Operation APPEND = write("append");
    static final Operation REPLACE_ALL = write("replaceAll");
    static final Operation CLEAR = write("clear");
    static final Operation PURGE_EXPIRED = write("purgeExpired");
    /** Erasures run in batches, each a transaction; a retry goes on where the last attempt stopped. */
    static final Operation ERASE = write("erase");
    static final Operation ERASE_NAMESPACE = write("eraseNamespace");
    static final Operation ERASE_TENANT = write("eraseTenant");
    /** Idempotent by id: a retry skips the memories an earlier attempt wrote. */
    static final Operation RESTORE = write("restore");
    /** Never retried: the callback may have effects outside the store. */
    static final Operation IN_TRANSACTION = new Operation("inTransaction", Kind.WRITE, Retrier.Mode.NONE);

    /** A read; running it twice is harmless, so every transient failure but an unreachable database is retried. */
    static Operation read(String name) {
        return new Operation(name, Kind.READ, Retrier.Mode.IDEMPOTENT);
    }

    /**
     * A write that is idempotent across attempts: its ids are chosen before the first attempt
     * and a retry finds what an earlier attempt committed, so an unknown outcome is retried too.
     */
    static Operation write(String name) {
        return new Operation(name, Kind.WRITE, Retrier.Mode.IDEMPOTENT);
    }

    boolean writes() {
        return kind == Kind.WRITE;
    }

    /** The prefix of this operation's error messages, for example {@code [sqlite:m.db] put(alice/notes) failed: }. */
    String failurePrefix(String store, String target) {
        return "[" + store + "] " + name + "(" + target + ") failed: ";
    }
}
