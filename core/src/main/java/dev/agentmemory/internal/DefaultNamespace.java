package dev.agentmemory.internal;

import dev.agentmemory.Filter;
import dev.agentmemory.Link;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryVersion;
import dev.agentmemory.Namespace;
import dev.agentmemory.NamespaceOptions;
import dev.agentmemory.Neighbour;
import dev.agentmemory.Neighbourhood;
import dev.agentmemory.Page;
import dev.agentmemory.Search;
import dev.agentmemory.ValidationException;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.spi.StoredMemory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Thread-safe: share one instance. A view of one namespace; holds names only, so creating
 * one costs nothing.
 */
final class DefaultNamespace implements Namespace {
    private final DefaultMemoryStore store;
    private final String tenant;
    private final String name;
    private final String target;
    private final NamespaceOptions options;
    private final StoreOperations.WritePolicy policy;

    DefaultNamespace(DefaultMemoryStore store, String tenant, String name, NamespaceOptions options) {
        this.store = store;
        this.tenant = tenant;
        this.name = name;
        this.target = tenant + "/" + name;
        this.options = options;
        this.policy = store.writePolicy(tenant, name, options);
    }

    @Override
    public NamespaceOptions options() {
        return options;
    }

    @Override
    public String tenant() {
        return tenant;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public MemoryId put(MemoryDraft draft) {
        store.checkNotInTransaction("put", target);
        WriteAttempts attempts = new WriteAttempts();
        return store.call("put", target, Retrier.Mode.IDEMPOTENT, () -> {
            MemoryDraft embedded = store.embedded(draft);
            store.validator().draft(embedded);
            boolean retry = attempts.nextIsRetry();
            List<MemoryId> ids = attempts.ids(1);
            if (policy.nearest() == null) {
                return store.puts().put(new PutCombiner.Put(tenant, name, embedded, ids.get(0), retry, policy));
            }
            return store.engine().write(s -> store.ops().insert(s, tenant, name, List.of(embedded), ids, retry, policy))
                    .get(0);
        });
    }

    @Override
    public List<MemoryId> putAll(List<MemoryDraft> drafts) {
        store.checkNotInTransaction("putAll", target);
        WriteAttempts attempts = new WriteAttempts();
        return store.call("putAll", target, Retrier.Mode.IDEMPOTENT, () -> {
            List<MemoryDraft> copy = store.embedded(drafts);
            store.validator().drafts(copy);
            boolean retry = attempts.nextIsRetry();
            List<MemoryId> ids = attempts.ids(copy.size());
            return store.engine().write(s -> store.ops().insert(s, tenant, name, copy, ids, retry, policy));
        });
    }

    @Override
    public Optional<Memory> get(MemoryId id) {
        return store.call("get", target, Retrier.Mode.IDEMPOTENT, () -> {
            store.validator().id(id);
            // One id is one statement (memory joined with its metadata): no transaction needed.
            return store.engine().readSingleStatement(s -> s.find(tenant, name, List.of(id))).stream()
                    .map(StoredMemory::memory).findFirst();
        });
    }

    @Override
    public List<Memory> getAll(Collection<MemoryId> ids) {
        return store.call("getAll", target, Retrier.Mode.IDEMPOTENT, () -> {
            if (ids == null) {
                throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "ids is null");
            }
            ids.forEach(store.validator()::id);
            List<MemoryId> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
            if (distinct.size() > store.validator().limits().maxPageSize()) {
                throw new ValidationException(ErrorCode.LIMIT_EXCEEDED, "getAll of " + distinct.size()
                        + " ids, the limit is " + store.validator().limits().maxPageSize() + "; read them in pages");
            }
            if (distinct.isEmpty()) {
                return List.of();
            }
            Map<MemoryId, Memory> byId = new HashMap<>();
            for (StoredMemory row : store.engine().read(s -> s.find(tenant, name, distinct))) {
                byId.put(row.memory().id(), row.memory());
            }
            List<Memory> out = new ArrayList<>(byId.size());
            for (MemoryId id : distinct) {
                Memory m = byId.get(id);
                if (m != null) {
                    out.add(m);
                }
            }
            return out;
        });
    }

    @Override
    public Memory update(MemoryId id, long expectedVersion, MemoryDraft replacement) {
        store.checkNotInTransaction("update", target);
        WriteAttempts attempts = new WriteAttempts();
        return store.call("update", target, Retrier.Mode.IDEMPOTENT, () -> {
            store.validator().id(id);
            MemoryDraft embedded = store.embedded(replacement);
            store.validator().draft(embedded);
            boolean retry = attempts.nextIsRetry();
            return store.engine().write(s -> store.ops().update(s, tenant, name, id, expectedVersion, embedded,
                    retry));
        });
    }

    @Override
    public boolean delete(MemoryId id) {
        store.checkNotInTransaction("delete", target);
        return store.call("delete", target, Retrier.Mode.IDEMPOTENT, () -> {
            store.validator().id(id);
            return store.engine().write(s -> store.ops().delete(s, tenant, name, id));
        });
    }

    @Override
    public long deleteWhere(Filter filter) {
        store.checkNotInTransaction("deleteWhere", target);
        return store.call("deleteWhere", target, Retrier.Mode.IDEMPOTENT, () -> {
            store.validator().filter(filter);
            return store.engine().write(s -> store.ops().deleteWhere(s, tenant, name, filter));
        });
    }

    @Override
    public long count() {
        return store.call("count", target, Retrier.Mode.IDEMPOTENT, () -> store.engine().read(s -> s.count(tenant, name, null)));
    }

    @Override
    public long count(Filter filter) {
        return store.call("count", target, Retrier.Mode.IDEMPOTENT, () -> {
            store.validator().filter(filter);
            return store.engine().read(s -> s.count(tenant, name, filter));
        });
    }

    @Override
    public Page<Memory> list(ListQuery query) {
        return store.call("list", target, Retrier.Mode.IDEMPOTENT, () -> {
            store.validator().listQuery(query);
            MemoryId after = query.cursor().map(store.validator()::parseCursor).orElse(null);
            Filter filter = query.filter().orElse(null);
            int limit = query.limit();
            // One extra row tells whether there is a next page without a second query.
            List<StoredMemory> rows = store.engine().read(s -> s.list(tenant, name, filter, after, limit + 1));
            boolean more = rows.size() > limit;
            List<Memory> items = new ArrayList<>(Math.min(rows.size(), limit));
            for (int i = 0; i < rows.size() && i < limit; i++) {
                items.add(rows.get(i).memory());
            }
            Optional<String> next = more ? Optional.of(Validator.cursor(items.get(items.size() - 1).id()))
                    : Optional.empty();
            return new Page<>(items, next);
        });
    }

    @Override
    public List<Match> search(Search search) {
        return store.call("search", target, Retrier.Mode.IDEMPOTENT, () -> {
            Search resolved = store.resolve(search);
            store.validator().search(resolved);
            return store.searchOne(tenant, name, resolved, store.among(tenant, resolved));
        });
    }

    @Override
    public List<MemoryVersion> history(MemoryId id) {
        return store.call("history", target, Retrier.Mode.IDEMPOTENT, () -> {
            store.validator().id(id);
            return store.engine().read(s -> s.history(tenant, name, id));
        });
    }

    @Override
    public Link link(MemoryId from, MemoryId to, String type, double weight) {
        store.checkNotInTransaction("link", target);
        return store.call("link", target, Retrier.Mode.IDEMPOTENT, () -> {
            store.validator().link(from, to, type, weight);
            return store.engine().write(s -> store.links().link(s, tenant, name, from, to, type, weight));
        });
    }

    @Override
    public boolean unlink(MemoryId from, MemoryId to, String type) {
        store.checkNotInTransaction("unlink", target);
        return store.call("unlink", target, Retrier.Mode.IDEMPOTENT, () -> {
            store.validator().linkEnds(from, to, type);
            return store.engine().write(s -> {
                StoreOperations.find(s, tenant, name, from);
                return s.unlink(tenant, from, type, to);
            });
        });
    }

    @Override
    public List<Link> links(MemoryId id) {
        return store.call("links", target, Retrier.Mode.IDEMPOTENT, () -> {
            store.validator().id(id);
            return store.engine().read(s -> {
                StoreOperations.find(s, tenant, name, id);
                return s.links(tenant, List.of(id), Set.of(), Neighbourhood.Direction.BOTH);
            });
        });
    }

    @Override
    public List<Neighbour> neighbours(Neighbourhood neighbourhood) {
        return store.call("neighbours", target, Retrier.Mode.IDEMPOTENT, () -> {
            store.validator().neighbourhood(neighbourhood);
            return store.engine().read(s -> store.links().neighbours(s, tenant, name, neighbourhood));
        });
    }

    @Override
    public String toString() {
        return "Namespace[" + target + " in " + store.describe() + "]";
    }
}
