package dev.agentmemory.internal;

import dev.agentmemory.ErrorCode;
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
import dev.agentmemory.spi.StorageEngine;
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
 * one costs nothing. Each method names its {@link Operation}, resolves its arguments once
 * (validation, embedding, ids) and says what to do in storage; the store's
 * {@link OperationPipeline} does the rest.
 */
final class DefaultNamespace implements Namespace {
    private final DefaultMemoryStore store;
    private final OperationPipeline pipeline;
    private final Resolver resolver;
    private final Validator validator;
    private final StorageEngine engine;
    private final StoreOperations ops;
    private final String tenant;
    private final String name;
    private final String target;
    /** This namespace as the list a search path takes: a namespace's search is the multi-namespace one. */
    private final List<String> self;
    private final NamespaceOptions options;
    private final StoreOperations.WritePolicy policy;

    DefaultNamespace(DefaultMemoryStore store, String tenant, String name, NamespaceOptions options) {
        this.store = store;
        this.pipeline = store.pipeline();
        this.resolver = store.resolver();
        this.validator = store.validator();
        this.engine = store.engine();
        this.ops = store.ops();
        this.tenant = tenant;
        this.name = name;
        this.target = tenant + "/" + name;
        this.self = List.of(name);
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

    /** A draft resolved for writing, with the ids chosen for it before the first attempt. */
    private record Resolved<D>(D drafts, List<MemoryId> ids) {}

    @Override
    public MemoryId put(MemoryDraft draft) {
        return pipeline.run(Operation.PUT, target, () -> new Resolved<>(resolver.draft(draft),
                StoreOperations.newIds(1)), (put, retry) -> {
                    if (policy.nearest() == null) {
                        return store.puts().put(new PutCombiner.Put(tenant, name, put.drafts(), put.ids().get(0), retry,
                                policy));
                    }
                    return engine.write(s -> ops.insert(s, tenant, name, List.of(put.drafts()), put.ids(), retry,
                            policy)).get(0);
                });
    }

    @Override
    public List<MemoryId> putAll(List<MemoryDraft> drafts) {
        return pipeline.run(Operation.PUT_ALL, target, () -> {
            List<MemoryDraft> resolved = resolver.drafts(drafts);
            return new Resolved<>(resolved, StoreOperations.newIds(resolved.size()));
        }, (put, retry) -> engine.write(s -> ops.insert(s, tenant, name, put.drafts(), put.ids(), retry, policy)));
    }

    @Override
    public Optional<Memory> get(MemoryId id) {
        // One id is one statement (memory joined with its metadata): no transaction needed.
        return pipeline.run(Operation.GET, target, () -> validator.id(id),
                () -> engine.readSingleStatement(s -> s.find(tenant, name, List.of(id))).stream()
                        .map(StoredMemory::memory).findFirst());
    }

    @Override
    public List<Memory> getAll(Collection<MemoryId> ids) {
        return pipeline.run(Operation.GET_ALL, target, () -> distinctIds(ids), (distinct, retry) -> {
            if (distinct.isEmpty()) {
                return List.of();
            }
            Map<MemoryId, Memory> byId = new HashMap<>();
            for (StoredMemory row : engine.read(s -> s.find(tenant, name, distinct))) {
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

    private List<MemoryId> distinctIds(Collection<MemoryId> ids) {
        if (ids == null) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "ids is null");
        }
        ids.forEach(validator::id);
        List<MemoryId> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        if (distinct.size() > validator.limits().maxPageSize()) {
            throw new ValidationException(ErrorCode.LIMIT_EXCEEDED, "getAll of " + distinct.size()
                    + " ids, the limit is " + validator.limits().maxPageSize() + "; read them in pages");
        }
        return distinct;
    }

    @Override
    public Memory update(MemoryId id, long expectedVersion, MemoryDraft replacement) {
        return pipeline.run(Operation.UPDATE, target, () -> {
            validator.id(id);
            return resolver.draft(replacement);
        }, (draft, retry) -> store.puts().write((s, r) -> ops.update(s, tenant, name, id, expectedVersion, draft, r),
                retry));
    }

    @Override
    public boolean delete(MemoryId id) {
        return pipeline.run(Operation.DELETE, target, () -> {
            validator.id(id);
            return id;
        }, (none, retry) -> store.puts().write((s, r) -> ops.delete(s, tenant, name, id), retry));
    }

    @Override
    public boolean erase(MemoryId id) {
        return pipeline.run(Operation.ERASE, target, () -> validator.id(id), () -> {
            boolean erased = store.erasure().memory(tenant, name, id);
            // Out of the heap now; the next search loads the namespace again, as every other
            // instance's does (the erasure changed the namespace's incarnation).
            store.searches().forget(tenant, name);
            return erased;
        });
    }

    @Override
    public int restore(List<Memory> memories) {
        return pipeline.run(Operation.RESTORE, target, () -> Restorer.validate(validator, tenant, name, memories),
                (valid, retry) -> engine.write(s -> Restorer.memories(s, tenant, name, valid, options.exactDedup())));
    }

    @Override
    public long deleteWhere(Filter filter) {
        return pipeline.run(Operation.DELETE_WHERE, target, () -> validator.filter(filter),
                () -> engine.write(s -> ops.deleteWhere(s, tenant, name, filter)));
    }

    @Override
    public long count() {
        return pipeline.run(Operation.COUNT, target, () -> { }, () -> engine.read(s -> s.count(tenant, name, null)));
    }

    @Override
    public long count(Filter filter) {
        return pipeline.run(Operation.COUNT, target, () -> validator.filter(filter),
                () -> engine.read(s -> s.count(tenant, name, filter)));
    }

    @Override
    public Page<Memory> list(ListQuery query) {
        return pipeline.run(Operation.LIST, target, () -> {
            validator.listQuery(query);
            return query.cursor().map(c -> validator.parseCursor(c, tenant, name, query.filter().orElse(null)));
        }, (after, retry) -> {
            Filter filter = query.filter().orElse(null);
            int limit = query.limit();
            // One extra row tells whether there is a next page without a second query.
            List<StoredMemory> rows = engine.read(s -> s.list(tenant, name, filter, after.orElse(null), limit + 1));
            boolean more = rows.size() > limit;
            List<Memory> items = new ArrayList<>(Math.min(rows.size(), limit));
            for (int i = 0; i < rows.size() && i < limit; i++) {
                items.add(rows.get(i).memory());
            }
            Optional<String> next = more ? Optional.of(Validator.cursor(items.get(items.size() - 1).id(), tenant, name,
                    filter))
                    : Optional.empty();
            return new Page<>(items, next);
        });
    }

    @Override
    public List<Match> search(Search search) {
        return pipeline.run(Operation.SEARCH, target, () -> resolver.search(search),
                (resolved, retry) -> store.hybrid().search(tenant, self, resolved, store.nowMicros(),
                        pipeline.writeEpoch()));
    }

    @Override
    public List<MemoryVersion> history(MemoryId id) {
        return pipeline.run(Operation.HISTORY, target, () -> validator.id(id),
                () -> engine.read(s -> s.history(tenant, name, id)));
    }

    @Override
    public Link link(MemoryId from, MemoryId to, String type, double weight) {
        return pipeline.run(Operation.LINK, target, () -> validator.link(from, to, type, weight),
                () -> engine.write(s -> store.links().link(s, tenant, name, from, to, type, weight)));
    }

    @Override
    public boolean unlink(MemoryId from, MemoryId to, String type) {
        return pipeline.run(Operation.UNLINK, target, () -> validator.linkEnds(from, to, type),
                () -> engine.write(s -> {
                    StoreOperations.find(s, tenant, name, from);
                    return s.unlink(tenant, from, type, to);
                }));
    }

    @Override
    public List<Link> links(MemoryId id) {
        return pipeline.run(Operation.LINKS, target, () -> validator.id(id), () -> engine.read(s -> {
            StoreOperations.find(s, tenant, name, id);
            return s.links(tenant, List.of(id), Set.of(), Neighbourhood.Direction.BOTH);
        }));
    }

    @Override
    public List<Neighbour> neighbours(Neighbourhood neighbourhood) {
        return pipeline.run(Operation.NEIGHBOURS, target, () -> validator.neighbourhood(neighbourhood),
                () -> engine.read(s -> store.links().neighbours(s, tenant, name, neighbourhood)));
    }

    @Override
    public String toString() {
        return "Namespace[" + target + " in " + store.describe() + "]";
    }
}
