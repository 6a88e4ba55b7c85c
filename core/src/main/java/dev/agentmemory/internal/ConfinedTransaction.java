package dev.agentmemory.internal;

import dev.agentmemory.Link;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryId;
import dev.agentmemory.NamespaceOptions;
import dev.agentmemory.ValidationException;
import dev.agentmemory.Transaction;
import dev.agentmemory.spi.WriteSession;
import java.util.List;
import java.util.Optional;

/**
 * Confined to the calling thread: the {@link Transaction} handed to a callback.
 *
 * <p>Every method first checks that it runs on the owner thread while the callback is still
 * running; otherwise it throws {@link IllegalStateException} naming the owner, without
 * touching the session, so a leaked reference can never reach a connection.
 *
 * <p>It never runs the embedder: the transaction holds the write lock, and inference would hold
 * it for every other writer (see {@link Resolver#transactionDraft}).
 */
final class ConfinedTransaction implements Transaction {
    private final Thread owner = Thread.currentThread();
    private final String tenant;
    private final WriteSession session;
    private final StoreOperations ops;
    private final LinkOperations links;
    private final Resolver resolver;
    private final Validator validator;
    private final DefaultMemoryStore store;
    private volatile boolean open = true;

    ConfinedTransaction(DefaultMemoryStore store, String tenant, WriteSession session) {
        this.tenant = tenant;
        this.session = session;
        this.ops = store.ops();
        this.links = store.links();
        this.resolver = store.resolver();
        this.validator = store.validator();
        this.store = store;
    }

    /** Ends the transaction; later use fails. */
    void end() {
        open = false;
    }

    private WriteSession session(String method) {
        Thread current = Thread.currentThread();
        if (current != owner) {
            throw new IllegalStateException("Transaction." + method + " called from thread '" + current.getName()
                    + "', but this transaction is confined to thread '" + owner.getName()
                    + "' that opened it; do the work inside the callback, on that thread");
        }
        if (!open) {
            throw new IllegalStateException("Transaction." + method + " called after the transaction ended (it was"
                    + " opened by thread '" + owner.getName() + "'); a transaction is valid only inside its callback");
        }
        return session;
    }

    @Override
    public String tenant() {
        return tenant;
    }

    @Override
    public MemoryId put(String namespace, MemoryDraft draft) {
        return put(namespace, draft, NamespaceOptions.defaults());
    }

    @Override
    public MemoryId put(String namespace, MemoryDraft draft, NamespaceOptions options) {
        WriteSession s = session("put");
        validator.identifier("namespace", namespace);
        if (options == null) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "options is null; use NamespaceOptions.defaults()");
        }
        MemoryDraft resolved = resolver.transactionDraft(draft);
        return ops.insert(s, tenant, namespace, List.of(resolved), StoreOperations.newIds(1), false,
                store.writePolicy(tenant, namespace, options)).get(0);
    }

    @Override
    public Optional<Memory> get(MemoryId id) {
        WriteSession s = session("get");
        validator.id(id);
        return s.find(tenant, null, List.of(id)).stream().map(r -> r.memory()).findFirst();
    }

    @Override
    public Memory update(MemoryId id, long expectedVersion, MemoryDraft replacement) {
        WriteSession s = session("update");
        validator.id(id);
        return ops.update(s, tenant, null, id, expectedVersion, resolver.transactionDraft(replacement), false);
    }

    @Override
    public boolean delete(MemoryId id) {
        WriteSession s = session("delete");
        validator.id(id);
        return ops.delete(s, tenant, null, id);
    }

    @Override
    public Link link(MemoryId from, MemoryId to, String type, double weight) {
        WriteSession s = session("link");
        validator.link(from, to, type, weight);
        return links.link(s, tenant, null, from, to, type, weight);
    }
}
