package dev.agentmemory.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Message;
import dev.agentmemory.ValidationException;
import dev.agentmemory.spi.NamespaceCounter;
import dev.agentmemory.spi.StoredMemory;
import dev.agentmemory.spi.WriteSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Thread-safe (stateless): restore, the write an import makes. It keeps what a put sets anew:
 * ids, created and updated times and versions of memories, ids and times of messages. It is for
 * moving data between stores, not for application writes: a restored memory has no history, and
 * its times are trusted as given (within the instants the store represents, updated not before
 * created).
 *
 * <p>Idempotent by id: a memory or message whose id the target holds already is skipped, so an
 * import run again after an interruption writes only what is missing. An id held by another
 * namespace of the tenant, or content the namespace holds under another id when it deduplicates,
 * is refused.
 */
final class Restorer {
    private Restorer() {}

    /** Checks memories for a restore into {@code tenant/namespace}: the resolve stage, before any storage. */
    static List<Memory> validate(Validator validator, String tenant, String namespace, List<Memory> memories) {
        if (memories == null) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "memories is null");
        }
        validator.batchSize(memories.size());
        int dim = -1;
        Set<MemoryId> ids = new HashSet<>();
        for (int i = 0; i < memories.size(); i++) {
            Memory m = memories.get(i);
            try {
                check(validator, tenant, namespace, m);
            } catch (ValidationException e) {
                throw new ValidationException(e.code(), "memory " + i + ": " + e.getMessage());
            }
            if (dim >= 0 && m.dimension() != dim) {
                throw new ValidationException(ErrorCode.DIMENSION_MISMATCH, "memory " + i + " has " + m.dimension()
                        + " dimensions, memory 0 has " + dim + "; a namespace holds one dimension");
            }
            dim = m.dimension();
            if (!ids.add(m.id())) {
                throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "memory " + i + ": id " + m.id()
                        + " appears twice in the batch");
            }
        }
        return List.copyOf(memories);
    }

    private static void check(Validator validator, String tenant, String namespace, Memory m) {
        if (m == null) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "is null");
        }
        if (!m.tenant().equals(tenant) || !m.namespace().equals(namespace)) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, m.id() + " belongs to " + m.tenant() + "/"
                    + m.namespace() + ", this view restores into " + tenant + "/" + namespace
                    + "; build the memory with this view's tenant and namespace");
        }
        validator.draft(MemoryDraft.of(m.content()).embedding(m.embedding()).metadata(m.metadata()));
        Validator.instant("createdAt", m.createdAt());
        Validator.instant("updatedAt", m.updatedAt());
        if (m.expiresAt().isPresent()) {
            Validator.instant("expiresAt", m.expiresAt().get());
        }
        if (m.updatedAt().isBefore(m.createdAt())) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, m.id() + " was updated (" + m.updatedAt()
                    + ") before it was created (" + m.createdAt() + ")");
        }
        if (m.version() < 1) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, m.id() + " has version " + m.version()
                    + "; versions start at 1");
        }
    }

    /**
     * Writes the memories the namespace does not hold yet, inside a write transaction.
     *
     * @param dedup whether the namespace view deduplicates exact content
     * @return the number written
     */
    static int memories(WriteSession s, String tenant, String namespace, List<Memory> memories, boolean dedup) {
        List<MemoryId> ids = memories.stream().map(Memory::id).toList();
        Set<MemoryId> held = new HashSet<>();
        for (StoredMemory row : s.findAnyState(tenant, ids)) {
            Memory existing = row.memory();
            if (!existing.namespace().equals(namespace)) {
                throw new ValidationException(ErrorCode.ALREADY_EXISTS, "memory " + existing.id() + " exists in"
                        + " namespace " + existing.namespace() + " of the tenant; ids are unique per tenant");
            }
            held.add(existing.id());
        }
        List<Memory> fresh = memories.stream().filter(m -> !held.contains(m.id())).toList();
        if (fresh.isEmpty()) {
            return 0;
        }
        NamespaceCounter counter = s.advanceCreating(tenant, namespace, fresh.size());
        int dim = fresh.get(0).dimension();
        if (counter.dimension().isEmpty()) {
            s.setDimension(tenant, namespace, dim);
        } else {
            StoreOperations.checkDimension("embedding", dim, counter.dimension().getAsInt());
        }
        List<String> hashes = new ArrayList<>(fresh.size());
        for (Memory m : fresh) {
            hashes.add(dedup ? ContentHash.of(m.content()) : null);
        }
        if (dedup) {
            Map<String, MemoryId> taken = new HashMap<>();
            for (StoredMemory row : s.findByContentHash(tenant, namespace, hashes)) {
                taken.put(row.contentHash(), row.memory().id());
            }
            for (int i = 0; i < fresh.size(); i++) {
                MemoryId holder = taken.putIfAbsent(hashes.get(i), fresh.get(i).id());
                if (holder != null) {
                    throw new ValidationException(ErrorCode.ALREADY_EXISTS, "memory " + fresh.get(i).id() + " holds"
                            + " the content of " + holder + ", and the namespace deduplicates; restore into a view"
                            + " with NamespaceOptions.exactDedup(false) to keep both");
                }
            }
        }
        long seq = counter.sequence() - fresh.size() + 1;
        List<StoredMemory> rows = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            rows.add(new StoredMemory(fresh.get(i), seq + i, hashes.get(i)));
        }
        s.insert(rows);
        return rows.size();
    }

    /**
     * Appends the messages the conversation does not hold yet (by id), keeping their ids, roles,
     * texts and times; they are numbered after the messages held, in the order given.
     *
     * @return the number written
     */
    static int messages(WriteSession s, String tenant, String session, List<Message> messages) {
        List<Message> fresh = new ArrayList<>(messages.size());
        for (Message m : messages) {
            if (s.findMessage(tenant, session, m.id()).isEmpty()) {
                fresh.add(m);
            }
        }
        if (fresh.isEmpty()) {
            return 0;
        }
        long last = s.advanceConversation(tenant, session, fresh.size());
        List<Message> numbered = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            Message m = fresh.get(i);
            numbered.add(new Message(last - fresh.size() + 1 + i, m.id(), m.role(), m.text(), m.createdAt()));
        }
        s.insertMessages(tenant, session, numbered);
        return numbered.size();
    }
}
