package dev.agentmemory.reference;

import dev.agentmemory.Filter;
import dev.agentmemory.Link;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryVersion;
import dev.agentmemory.Message;
import dev.agentmemory.Neighbourhood.Direction;
import dev.agentmemory.spi.ChangeBatch;
import dev.agentmemory.spi.FeedPosition;
import dev.agentmemory.spi.KeywordHit;
import dev.agentmemory.spi.KeywordQuery;
import dev.agentmemory.spi.MemoryRef;
import dev.agentmemory.spi.ReadSession;
import dev.agentmemory.spi.StoredMemory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Confined to the calling thread: the {@link ReadSession} of one transaction, over the
 * {@link Tables} it was opened on: a published snapshot for a read, the transaction's own view
 * for a write.
 *
 * <p>Records the thread that opened it; every method first checks that it runs on that thread
 * and that the callback has not returned, and throws {@link IllegalStateException} naming the
 * owner otherwise, before reading anything. {@link #close()} drops the tables, so a session
 * that leaked out of its callback can never reach data again.
 *
 * <p>Every read goes through {@link #rows(Rows, String)} with the tenant: no method can see
 * another tenant's partition. Reads scan where a database would use an index; this engine is
 * meant to be read, not to be fast.
 */
class ReferenceReadSession implements ReadSession {
    private static final Comparator<MemoryVersion> NEWEST_FIRST = Comparator.comparing(MemoryVersion::replacedAt)
            .reversed();
    private static final Comparator<Link> LINK_ORDER = Comparator.comparing(Link::createdAt)
            .thenComparing(Link::from).thenComparing(Link::to).thenComparing(Link::type);

    private final Thread owner;
    private final Clock clock;
    /** The engine's description, for error messages. */
    final String describe;
    private volatile Tables tables;

    ReferenceReadSession(Tables tables, Clock clock, String describe) {
        this.owner = Thread.currentThread();
        this.tables = tables;
        this.clock = clock;
        this.describe = describe;
    }

    /** Ends the session: every later call throws. */
    final void close() {
        tables = null;
    }

    /** The tables, if the caller is the owner and the callback is still running. */
    final Tables tables() {
        Thread current = Thread.currentThread();
        Tables t = tables;
        if (current != owner) {
            throw new IllegalStateException("[" + describe + "] the storage session is confined to thread '"
                    + owner.getName() + "' and valid only inside its callback; it was used from thread '"
                    + current.getName() + "'. Pass data out of the callback, not the session.");
        }
        if (t == null) {
            throw new IllegalStateException("[" + describe + "] the storage session is confined to thread '"
                    + owner.getName() + "' and valid only inside its callback; it was used after the callback"
                    + " returned. Do all the transaction's work inside the callback.");
        }
        return t;
    }

    /** One tenant's rows of a table, after the confinement check. */
    final <K, V> NavigableMap<K, V> rows(Function<Tables, Rows<K, V>> table, String tenant) {
        return table.apply(tables()).rows(tenant);
    }

    /** The store clock's now, in microseconds: what expiry is judged by. */
    final long nowMicros() {
        return Micros.of(clock.instant());
    }

    final Instant now() {
        return Micros.truncate(clock.instant());
    }

    private static boolean live(Memory m, long nowMicros) {
        return m.expiresAt().map(t -> Micros.of(t) > nowMicros).orElse(true);
    }

    /** The live memories of a namespace in id order, after {@code after} if given. */
    private Stream<StoredMemory> liveRows(String tenant, String namespace, MemoryId after, Filter filter) {
        NavigableMap<MemoryId, StoredMemory> all = rows(Tables::memories, tenant);
        long now = nowMicros();
        Predicate<Memory> matches = filter == null ? m -> true : Filters.compile(filter);
        return (after == null ? all : all.tailMap(after, false)).values().stream()
                .filter(r -> r.memory().namespace().equals(namespace))
                .filter(r -> live(r.memory(), now))
                .filter(r -> matches.test(r.memory()));
    }

    // ---- MemoryReader

    @Override
    public OptionalInt dimension(String tenant, String namespace) {
        Schema.NamespaceRow row = rows(Tables::namespaces, tenant).get(namespace);
        return row == null ? OptionalInt.empty() : row.dimension();
    }

    @Override
    public List<StoredMemory> find(String tenant, String namespace, Collection<MemoryId> ids) {
        long now = nowMicros();
        return findAnyState(tenant, ids).stream()
                .filter(r -> namespace == null || r.memory().namespace().equals(namespace))
                .filter(r -> live(r.memory(), now))
                .toList();
    }

    /**
     * {@link #find} with every embedding left out, as a JDBC backend leaves the column unread, so
     * that searches over this engine take the path that puts the vectors back from the index.
     */
    @Override
    public List<StoredMemory> findWithoutEmbeddings(String tenant, String namespace, Collection<MemoryId> ids) {
        return find(tenant, namespace, ids).stream().map(ReferenceReadSession::withoutEmbedding).toList();
    }

    private static StoredMemory withoutEmbedding(StoredMemory r) {
        Memory m = r.memory();
        return new StoredMemory(new Memory(m.id(), m.tenant(), m.namespace(), m.content(), new float[0], m.metadata(),
                m.createdAt(), m.updatedAt(), m.version(), m.expiresAt().orElse(null)), r.seq(), r.contentHash());
    }

    @Override
    public List<MemoryId> findIds(String tenant, String namespace, Filter filter) {
        return liveRows(tenant, namespace, null, filter).map(r -> r.memory().id()).toList();
    }

    @Override
    public List<StoredMemory> list(String tenant, String namespace, Filter filter, MemoryId after, int limit) {
        return liveRows(tenant, namespace, after, filter).limit(limit).toList();
    }

    @Override
    public long count(String tenant, String namespace, Filter filter) {
        return liveRows(tenant, namespace, null, filter).count();
    }

    @Override
    public List<StoredMemory> findByContentHash(String tenant, String namespace, Collection<String> hashes) {
        Set<String> wanted = Set.copyOf(hashes);
        return rows(Tables::memories, tenant).values().stream()
                .filter(r -> r.memory().namespace().equals(namespace))
                .filter(r -> r.contentHash() != null && wanted.contains(r.contentHash()))
                .toList();
    }

    @Override
    public List<StoredMemory> findAnyState(String tenant, Collection<MemoryId> ids) {
        NavigableMap<MemoryId, StoredMemory> all = rows(Tables::memories, tenant);
        List<StoredMemory> out = new ArrayList<>(ids.size());
        for (MemoryId id : new LinkedHashSet<>(ids)) {
            StoredMemory row = all.get(id);
            if (row != null) {
                out.add(row);
            }
        }
        return out;
    }

    /** The one read that crosses tenants: the purge of expired memories runs for the whole database. */
    @Override
    public List<MemoryRef> findExpired(long nowMicros, int limit) {
        Rows<MemoryId, StoredMemory> memories = tables().memories();
        return memories.tenants().stream()
                .flatMap(tenant -> memories.rows(tenant).values().stream())
                .map(StoredMemory::memory)
                .filter(m -> !live(m, nowMicros))
                .sorted(Comparator.comparing(m -> m.expiresAt().orElseThrow()))
                .limit(limit)
                .map(m -> new MemoryRef(m.tenant(), m.namespace(), m.id()))
                .toList();
    }

    // ---- KeywordReader

    @Override
    public List<KeywordHit> keywordSearch(String tenant, List<String> namespaces, KeywordQuery query, Filter filter,
            int limit) {
        long now = nowMicros();
        Set<String> searched = Set.copyOf(namespaces);
        List<Memory> candidates = rows(Tables::memories, tenant).values().stream().map(StoredMemory::memory)
                .filter(m -> searched.contains(m.namespace()) && live(m, now)).toList();
        return Bm25.rank(candidates, query, filter == null ? m -> true : Filters.compile(filter), limit);
    }

    // ---- ChangeFeed

    @Override
    public long currentSequence(String tenant, String namespace) {
        Schema.NamespaceRow row = rows(Tables::namespaces, tenant).get(namespace);
        return row == null ? 0 : row.seq();
    }

    @Override
    public FeedPosition position(String tenant, String namespace) {
        Schema.NamespaceRow row = rows(Tables::namespaces, tenant).get(namespace);
        return row == null ? FeedPosition.ABSENT : new FeedPosition(row.incarnation(), row.seq());
    }

    /** Upserts include expired rows, as in SQL: the index drops them by their expiry itself. */
    @Override
    public ChangeBatch changesSince(String tenant, String namespace, long afterSeq) {
        // One snapshot for all three: this session's tables do not change under it.
        List<StoredMemory> upserts = rows(Tables::memories, tenant).values().stream()
                .filter(r -> r.memory().namespace().equals(namespace) && r.seq() > afterSeq)
                .sorted(Comparator.comparingLong(StoredMemory::seq))
                .toList();
        List<MemoryId> deletions = afterSeq == 0 ? List.of() : rows(Tables::tombstones, tenant).entrySet().stream()
                .filter(e -> e.getValue().namespace().equals(namespace) && e.getValue().seq() > afterSeq)
                .sorted(Comparator.comparingLong(e -> e.getValue().seq()))
                .map(Map.Entry::getKey)
                .toList();
        FeedPosition position = position(tenant, namespace);
        return new ChangeBatch(position.sequence(), upserts, deletions, position.incarnation());
    }

    // ---- HistoryReader

    @Override
    public List<MemoryVersion> history(String tenant, String namespace, MemoryId id) {
        return historyNewestFirst(tenant, id).stream()
                .map(Schema.HistoryEntry::version)
                .filter(v -> v.memory().namespace().equals(namespace))
                .toList();
    }

    /** A memory's history entries in every namespace, newest first: by replaced time, then seq. */
    final List<Schema.HistoryEntry> historyNewestFirst(String tenant, MemoryId id) {
        List<Schema.HistoryEntry> entries = rows(Tables::history, tenant).getOrDefault(id, List.of());
        return entries.stream()
                .sorted(Comparator.comparing(Schema.HistoryEntry::version, NEWEST_FIRST)
                        .thenComparing(Comparator.comparingLong(Schema.HistoryEntry::replacedSeq).reversed()))
                .toList();
    }

    // ---- LinkReader

    @Override
    public List<Link> links(String tenant, Collection<MemoryId> ids, Set<String> types, Direction direction) {
        Set<MemoryId> wanted = Set.copyOf(ids);
        return rows(Tables::links, tenant).values().stream()
                .filter(l -> types.isEmpty() || types.contains(l.type()))
                .filter(l -> switch (direction) {
                    case OUTGOING -> wanted.contains(l.from());
                    case INCOMING -> wanted.contains(l.to());
                    case BOTH -> wanted.contains(l.from()) || wanted.contains(l.to());
                })
                .sorted(LINK_ORDER)
                .toList();
    }

    // ---- ConversationReader

    @Override
    public Optional<Message> findMessage(String tenant, String sessionId, MemoryId messageId) {
        return messages(tenant, sessionId).stream().filter(m -> m.id().equals(messageId)).findFirst();
    }

    @Override
    public List<Message> lastMessages(String tenant, String sessionId, int n) {
        List<Message> all = messages(tenant, sessionId);
        return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    }

    @Override
    public List<Message> messages(String tenant, String sessionId, long afterSeq, int limit) {
        return messages(tenant, sessionId).stream().filter(m -> m.seq() > afterSeq).limit(limit).toList();
    }

    @Override
    public long countMessages(String tenant, String sessionId) {
        return messages(tenant, sessionId).size();
    }

    /** A conversation's messages in seq order. */
    final List<Message> messages(String tenant, String sessionId) {
        return rows(Tables::messages, tenant).getOrDefault(sessionId, List.of());
    }

    // ---- TenantReader

    @Override
    public List<String> namespaces(String tenant, String after, int limit) {
        return names(rows(Tables::namespaces, tenant), after, limit);
    }

    @Override
    public List<String> sessions(String tenant, String after, int limit) {
        return names(rows(Tables::conversations, tenant), after, limit);
    }

    /** Keys in order after {@code after} (null: from the first); identifiers are ASCII, so String order is code-point order. */
    private static List<String> names(NavigableMap<String, ?> rows, String after, int limit) {
        return (after == null ? rows : rows.tailMap(after, false)).keySet().stream().limit(limit).toList();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + describe + ", owner=" + owner.getName()
                + (tables == null ? ", closed" : ", open") + "}";
    }
}
