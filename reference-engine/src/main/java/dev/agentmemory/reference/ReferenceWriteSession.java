package dev.agentmemory.reference;

import dev.agentmemory.Link;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryVersion;
import dev.agentmemory.Message;
import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.StorageException;
import dev.agentmemory.spi.StoredMemory;
import dev.agentmemory.spi.WriteSession;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Confined to the calling thread: the {@link WriteSession} of one write transaction. The same
 * confinement as {@link ReferenceReadSession}, whose reads it has (they see this transaction's
 * own changes), plus the writes, which change only the {@link Transaction}.
 *
 * <p>Write serialization needs no row locks here: the engine runs one write transaction at a
 * time (see {@link Database}), which is the strongest form of the namespace-row lock that
 * {@link #advanceSequence} promises. The constraints of the SQL schema are checked as a
 * database checks them, and a violation is a {@link StorageException} of kind
 * {@link FailureKind#PERMANENT}, which rolls the whole transaction back.
 *
 * <p>{@link #advanceCreating} is left to the SPI's default (three calls): a backend needs to
 * implement it only to save round trips.
 */
final class ReferenceWriteSession extends ReferenceReadSession implements WriteSession {

    ReferenceWriteSession(Transaction tx, Clock clock, String describe) {
        super(tx, clock, describe);
    }

    private Transaction tx() {
        return (Transaction) tables();
    }

    // ---- MemoryWriter

    @Override
    public void ensureNamespace(String tenant, String namespace) {
        tx().namespaces().writable(tenant).putIfAbsent(namespace, Schema.NamespaceRow.created());
    }

    @Override
    public long advanceSequence(String tenant, String namespace, int count) {
        requirePositive(count);
        Schema.NamespaceRow row = tx().namespaces().rows(tenant).get(namespace);
        if (row == null) {
            return 0;
        }
        long next = row.seq() + count;
        tx().namespaces().writable(tenant).put(namespace, row.withSeq(next));
        return next;
    }

    @Override
    public void setDimension(String tenant, String namespace, int dimension) {
        Schema.NamespaceRow row = tx().namespaces().rows(tenant).get(namespace);
        if (row != null) { // as an UPDATE of no row: nothing happens
            tx().namespaces().writable(tenant).put(namespace, row.withDimension(dimension));
        }
    }

    @Override
    public void insert(List<StoredMemory> rows) {
        // The unique index on (tenant, namespace, content hash), built once per batch and tenant.
        Map<String, MemoryId> hashes = new HashMap<>();
        Set<String> indexed = new HashSet<>();
        for (StoredMemory row : rows) {
            Memory m = row.memory();
            if (!tx().namespaces().rows(m.tenant()).containsKey(m.namespace())) {
                throw violation("insert", "memory " + m.id() + " names namespace " + m.tenant() + "/" + m.namespace()
                        + ", which does not exist (foreign key); call ensureNamespace or advanceCreating first");
            }
            if (tx().memories().rows(m.tenant()).containsKey(m.id())) {
                throw violation("insert", "memory " + m.id() + " exists already in tenant " + m.tenant()
                        + " (primary key tenant, id)");
            }
            if (row.contentHash() != null) {
                if (indexed.add(m.tenant())) {
                    tx().memories().rows(m.tenant()).values().stream().filter(r -> r.contentHash() != null)
                            .forEach(r -> hashes.put(hashKey(r), r.memory().id()));
                }
                MemoryId holder = hashes.putIfAbsent(hashKey(row), m.id());
                if (holder != null) {
                    throw hashTaken("insert", holder, m);
                }
            }
            tx().memories().writable(m.tenant()).put(m.id(), row);
        }
    }

    /** The key of the unique index on content hashes: tenant, namespace and hash. */
    private static String hashKey(StoredMemory row) {
        return row.memory().tenant() + '/' + row.memory().namespace() + '/' + row.contentHash();
    }

    @Override
    public boolean replace(StoredMemory row, long expectedVersion) {
        Memory next = row.memory();
        StoredMemory current = tx().memories().rows(next.tenant()).get(next.id());
        if (current == null || !current.memory().namespace().equals(next.namespace())
                || current.memory().version() != expectedVersion) {
            return false;
        }
        if (row.contentHash() != null) {
            for (StoredMemory other : findByContentHash(next.tenant(), next.namespace(), List.of(row.contentHash()))) {
                if (!other.memory().id().equals(next.id())) {
                    throw hashTaken("replace", other.memory().id(), next);
                }
            }
        }
        Memory kept = new Memory(next.id(), next.tenant(), next.namespace(), next.content(), next.embedding(),
                next.metadata(), current.memory().createdAt(), next.updatedAt(), next.version(),
                next.expiresAt().orElse(null));
        tx().memories().writable(next.tenant()).put(next.id(), new StoredMemory(kept, row.seq(), row.contentHash()));
        return true;
    }

    private StorageException hashTaken(String operation, MemoryId holder, Memory m) {
        return violation(operation, "memory " + holder + " in " + m.tenant() + "/" + m.namespace()
                + " holds the content hash of " + m.id() + " already (unique per namespace)");
    }

    @Override
    public int delete(String tenant, String namespace, List<MemoryId> ids, long firstSeq) {
        int deleted = 0;
        for (int i = 0; i < ids.size(); i++) {
            MemoryId id = ids.get(i);
            StoredMemory row = tx().memories().rows(tenant).get(id);
            if (row == null || !row.memory().namespace().equals(namespace)) {
                continue;
            }
            tx().memories().writable(tenant).remove(id);
            // Links go with their memory, both ways: a link never points at nothing.
            if (!tx().links().rows(tenant).isEmpty()) {
                tx().links().writable(tenant).keySet().removeIf(k -> k.from().equals(id) || k.to().equals(id));
            }
            // One tombstone per id, the latest delete's: a chosen id can be put and deleted again.
            tx().tombstones().writable(tenant).put(id, new Schema.Tombstone(namespace, firstSeq + i));
            deleted++;
        }
        return deleted;
    }

    // ---- HistoryWriter

    @Override
    public void archive(String tenant, String namespace, List<MemoryId> ids, long firstSeq, boolean deleted) {
        MemoryVersion.Change change = deleted ? MemoryVersion.Change.DELETED : MemoryVersion.Change.UPDATED;
        for (int i = 0; i < ids.size(); i++) {
            StoredMemory row = tx().memories().rows(tenant).get(ids.get(i));
            if (row == null || !row.memory().namespace().equals(namespace)) {
                continue; // as INSERT ... SELECT of no row
            }
            List<Schema.HistoryEntry> entries = new ArrayList<>(tx().history().rows(tenant)
                    .getOrDefault(row.memory().id(), List.of()));
            entries.add(new Schema.HistoryEntry(new MemoryVersion(row.memory(), change, now()), firstSeq + i));
            tx().history().writable(tenant).put(row.memory().id(), List.copyOf(entries));
        }
    }

    @Override
    public void trimHistory(String tenant, MemoryId id, int keep) {
        List<Schema.HistoryEntry> newestFirst = historyNewestFirst(tenant, id);
        if (newestFirst.size() <= keep) {
            return;
        }
        List<Schema.HistoryEntry> kept = new ArrayList<>(newestFirst.subList(0, keep));
        kept.sort(Comparator.comparingLong(Schema.HistoryEntry::replacedSeq));
        if (kept.isEmpty()) {
            tx().history().writable(tenant).remove(id);
        } else {
            tx().history().writable(tenant).put(id, List.copyOf(kept));
        }
    }

    // ---- LinkWriter

    @Override
    public void link(String tenant, Link link) {
        tx().links().writable(tenant).put(new Schema.LinkKey(link.from(), link.type(), link.to()), link);
    }

    @Override
    public boolean unlink(String tenant, MemoryId from, String type, MemoryId to) {
        return tx().links().writable(tenant).remove(new Schema.LinkKey(from, type, to)) != null;
    }

    // ---- ConversationWriter

    @Override
    public long advanceConversation(String tenant, String sessionId, int count) {
        requirePositive(count);
        long next = tx().conversations().rows(tenant).getOrDefault(sessionId, 0L) + count;
        tx().conversations().writable(tenant).put(sessionId, next);
        return next;
    }

    @Override
    public void insertMessages(String tenant, String sessionId, List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<Message> all = new ArrayList<>(messages(tenant, sessionId));
        for (Message m : messages) {
            for (Message held : all) {
                if (held.seq() == m.seq() || held.id().equals(m.id())) {
                    throw violation("insertMessages", "conversation " + tenant + "/" + sessionId + " holds message "
                            + held.id() + " at seq " + held.seq() + " already; seq and id are unique per conversation");
                }
            }
            all.add(m);
        }
        all.sort(Comparator.comparingLong(Message::seq));
        tx().messages().writable(tenant).put(sessionId, List.copyOf(all));
    }

    @Override
    public long clearConversation(String tenant, String sessionId) {
        if (!tx().conversations().rows(tenant).containsKey(sessionId)) {
            return 0;
        }
        tx().conversations().writable(tenant).put(sessionId, 0L);
        long count = messages(tenant, sessionId).size();
        tx().messages().writable(tenant).remove(sessionId);
        return count;
    }

    // ---- EraseWriter

    @Override
    public List<MemoryId> traces(String tenant, String namespace, int limit) {
        TreeSet<MemoryId> ids = new TreeSet<>();
        tx().memories().rows(tenant).forEach((id, row) -> {
            if (row.memory().namespace().equals(namespace)) {
                ids.add(id);
            }
        });
        tx().history().rows(tenant).forEach((id, entries) -> {
            if (entries.stream().anyMatch(e -> e.version().memory().namespace().equals(namespace))) {
                ids.add(id);
            }
        });
        tx().tombstones().rows(tenant).forEach((id, tombstone) -> {
            if (tombstone.namespace().equals(namespace)) {
                ids.add(id);
            }
        });
        return ids.stream().limit(limit).toList();
    }

    @Override
    public int erase(String tenant, String namespace, List<MemoryId> ids) {
        reincarnate(tenant, namespace);
        int traced = 0;
        for (MemoryId id : new LinkedHashSet<>(ids)) {
            boolean found = false;
            StoredMemory row = tx().memories().rows(tenant).get(id);
            if (row != null && row.memory().namespace().equals(namespace)) {
                tx().memories().writable(tenant).remove(id);
                found = true;
            }
            List<Schema.HistoryEntry> entries = tx().history().rows(tenant).get(id);
            if (entries != null && entries.stream().anyMatch(e -> e.version().memory().namespace().equals(namespace))) {
                List<Schema.HistoryEntry> others = entries.stream()
                        .filter(e -> !e.version().memory().namespace().equals(namespace)).toList();
                if (others.isEmpty()) {
                    tx().history().writable(tenant).remove(id);
                } else {
                    tx().history().writable(tenant).put(id, others);
                }
                found = true;
            }
            Schema.Tombstone tombstone = tx().tombstones().rows(tenant).get(id);
            if (tombstone != null && tombstone.namespace().equals(namespace)) {
                tx().tombstones().writable(tenant).remove(id);
                found = true;
            }
            // Links both ways, unless the id lives on in another namespace: those are that memory's.
            if (found && !tx().memories().rows(tenant).containsKey(id) && !tx().links().rows(tenant).isEmpty()) {
                tx().links().writable(tenant).keySet().removeIf(k -> k.from().equals(id) || k.to().equals(id));
            }
            traced += found ? 1 : 0;
        }
        return traced;
    }

    private boolean reincarnate(String tenant, String namespace) {
        Schema.NamespaceRow row = tx().namespaces().rows(tenant).get(namespace);
        if (row == null) {
            return false;
        }
        tx().namespaces().writable(tenant).put(namespace, row.reincarnated());
        return true;
    }

    @Override
    public boolean dropNamespace(String tenant, String namespace) {
        if (!reincarnate(tenant, namespace)) {
            return true;
        }
        if (!traces(tenant, namespace, 1).isEmpty()) {
            return false;
        }
        tx().namespaces().writable(tenant).remove(namespace);
        return true;
    }

    @Override
    public int eraseMessages(String tenant, String sessionId, int limit) {
        List<Message> all = messages(tenant, sessionId);
        if (all.isEmpty()) {
            if (tx().conversations().rows(tenant).containsKey(sessionId)) {
                tx().conversations().writable(tenant).remove(sessionId);
            }
            return 0;
        }
        int n = Math.min(limit, all.size());
        if (n == all.size()) {
            tx().messages().writable(tenant).remove(sessionId);
        } else {
            tx().messages().writable(tenant).put(sessionId, List.copyOf(all.subList(n, all.size())));
        }
        return n;
    }

    @Override
    public long eraseTenantRows(String tenant) {
        long deleted = 0;
        for (Table.Editor<?, ?> table : List.of(tx().namespaces(), tx().memories(), tx().tombstones(), tx().history(),
                tx().links(), tx().conversations(), tx().messages())) {
            if (!table.rows(tenant).isEmpty()) {
                deleted += table.rows(tenant).size();
                table.writable(tenant).clear();
            }
        }
        return deleted;
    }

    private static void requirePositive(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
    }

    private StorageException violation(String operation, String observed) {
        return new StorageException(FailureKind.PERMANENT, "[" + describe + "] " + operation + " failed: " + observed
                + "; the transaction was rolled back. This is a bug in the caller of the SPI.", null);
    }
}
