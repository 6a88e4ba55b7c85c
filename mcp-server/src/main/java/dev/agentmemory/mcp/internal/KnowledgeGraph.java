package dev.agentmemory.mcp.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Link;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryNotFoundException;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.NamespaceOptions;
import dev.agentmemory.Page;
import dev.agentmemory.ValidationException;
import dev.agentmemory.mcp.Scope;
import dev.agentmemory.mcp.ToolArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Thread-safe: share one instance. The reference memory server's knowledge graph, kept as
 * memories and links of one namespace (the scope's graph namespace).
 *
 * <ul>
 *   <li>An entity is a memory whose content is {@code name (entityType)}, with metadata
 *       {@code kg.kind=entity}, {@code kg.name} and {@code kg.type}.
 *   <li>An observation is a memory of its own (so each one is embedded and found by meaning),
 *       with {@code kg.kind=observation} and {@code kg.entity} naming its entity.
 *   <li>A relation is a link between two entity memories, its type encoded by
 *       {@link RelationTypes}.
 * </ul>
 *
 * <p>Ids are derived from the tenant, the namespace and the names (name-based UUIDs), so the
 * same entity or observation created by two server processes at once is one row: the store's
 * idempotent put by id settles the race, and nothing is written twice or lost.
 */
public final class KnowledgeGraph {
    static final String KIND = "kg.kind";
    static final String NAME = "kg.name";
    static final String TYPE = "kg.type";
    static final String ENTITY = "kg.entity";
    static final String ORDER = "kg.order";
    private static final String KIND_ENTITY = "entity";
    private static final String KIND_OBSERVATION = "observation";
    /** Most entities, names or relations one call may carry: one batch of the store. */
    static final int MAX_ITEMS = 1000;

    private final MemoryStore store;

    /** A graph over {@code store}; the scope of each call says which tenant and namespace. */
    public KnowledgeGraph(MemoryStore store) {
        this.store = store;
    }

    /** Immutable and thread-safe: an entity as the reference server shows it. */
    public record Entity(String name, String entityType, List<String> observations) {}

    /** Immutable and thread-safe: a relation as the reference server shows it. */
    public record Relation(String from, String to, String relationType) {}

    /** Immutable and thread-safe: entities and the relations that touch them. */
    public record Graph(List<Entity> entities, List<Relation> relations) {}

    /** Immutable and thread-safe: what {@code add_observations} added to one entity. */
    public record Added(String entityName, List<String> addedObservations) {}

    /** Creates the entities whose names are new; returns those it created. */
    public List<Entity> createEntities(Scope scope, List<Entity> entities) {
        limit("entities", entities.size());
        Namespace ns = namespace(scope);
        Map<String, Entity> byName = new LinkedHashMap<>();
        for (Entity e : entities) {
            requireName("name", e.name());
            byName.putIfAbsent(e.name(), e);
        }
        Set<MemoryId> existing = existingIds(ns, byName.keySet().stream().map(n -> entityId(scope, n)).toList());
        List<Entity> created = new ArrayList<>();
        List<MemoryDraft> drafts = new ArrayList<>();
        for (Entity e : byName.values()) {
            if (existing.contains(entityId(scope, e.name()))) {
                continue;
            }
            List<String> observations = List.copyOf(new LinkedHashSet<>(e.observations()));
            created.add(new Entity(e.name(), e.entityType(), observations));
            drafts.add(entityDraft(scope, e, created.size()));
            for (int i = 0; i < observations.size(); i++) {
                drafts.add(observationDraft(scope, e.name(), observations.get(i), i));
            }
        }
        putAll(ns, drafts);
        return created;
    }

    /** Creates the relations that are new between existing entities; returns those it created. */
    public List<Relation> createRelations(Scope scope, List<Relation> relations) {
        limit("relations", relations.size());
        Namespace ns = namespace(scope);
        Set<String> names = new LinkedHashSet<>();
        for (Relation r : relations) {
            requireName("from", r.from());
            requireName("to", r.to());
            RelationTypes.encode(r.relationType());
            names.add(r.from());
            names.add(r.to());
        }
        requireEntities(scope, ns, names);
        Set<Relation> seen = new HashSet<>();
        Map<String, Set<String>> linksByFrom = new HashMap<>();
        List<Relation> created = new ArrayList<>();
        for (Relation r : relations) {
            Set<String> existing = linksByFrom.computeIfAbsent(r.from(), from -> outgoingKeys(ns, entityId(scope, from)));
            String key = entityId(scope, r.to()) + " " + RelationTypes.encode(r.relationType());
            if (!existing.contains(key) && seen.add(r)) {
                created.add(r);
            }
        }
        if (!created.isEmpty()) {
            store.inTransaction(scope.tenant(), tx -> {
                for (Relation r : created) {
                    tx.link(entityId(scope, r.from()), entityId(scope, r.to()), RelationTypes.encode(r.relationType()), 1.0);
                }
                return null;
            });
        }
        return created;
    }

    /** Adds the observations each entity does not hold yet; every entity must exist. */
    public List<Added> addObservations(Scope scope, Map<String, List<String>> byEntity) {
        limit("observations", byEntity.size());
        Namespace ns = namespace(scope);
        byEntity.keySet().forEach(name -> requireName("entityName", name));
        requireEntities(scope, ns, byEntity.keySet());
        List<Added> results = new ArrayList<>();
        List<MemoryDraft> drafts = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byEntity.entrySet()) {
            List<String> wanted = List.copyOf(new LinkedHashSet<>(e.getValue()));
            Set<MemoryId> existing = existingIds(ns, wanted.stream().map(o -> observationId(scope, e.getKey(), o)).toList());
            List<String> added = new ArrayList<>();
            for (String o : wanted) {
                if (!existing.contains(observationId(scope, e.getKey(), o))) {
                    drafts.add(observationDraft(scope, e.getKey(), o, added.size()));
                    added.add(o);
                }
            }
            results.add(new Added(e.getKey(), added));
        }
        putAll(ns, drafts);
        return results;
    }

    /** Deletes entities with their observations and relations; unknown names are ignored. */
    public void deleteEntities(Scope scope, List<String> names) {
        limit("entityNames", names.size());
        if (names.isEmpty()) {
            return;
        }
        namespace(scope).deleteWhere(Filter.or(
                Filter.and(Filter.eq(KIND, KIND_ENTITY), Filter.in(NAME, names)),
                Filter.and(Filter.eq(KIND, KIND_OBSERVATION), Filter.in(ENTITY, names))));
    }

    /** Deletes observations; unknown entities and observations are ignored. */
    public void deleteObservations(Scope scope, Map<String, List<String>> byEntity) {
        limit("deletions", byEntity.size());
        Namespace ns = namespace(scope);
        byEntity.forEach((entity, observations) -> observations.forEach(o -> ns.delete(observationId(scope, entity, o))));
    }

    /** Deletes relations; unknown ones are ignored. */
    public void deleteRelations(Scope scope, List<Relation> relations) {
        limit("relations", relations.size());
        Namespace ns = namespace(scope);
        for (Relation r : relations) {
            try {
                ns.unlink(entityId(scope, r.from()), entityId(scope, r.to()), RelationTypes.encode(r.relationType()));
            } catch (MemoryNotFoundException gone) {
                // The reference server ignores relations it does not hold; so do we.
            }
        }
    }

    /** The whole graph. */
    public Graph readGraph(Scope scope) {
        return load(scope, e -> true);
    }

    /**
     * The entities whose name, type or an observation contains {@code query}, ignoring case, as
     * the reference server matches, and the relations that touch them.
     */
    public Graph searchNodes(Scope scope, String query) {
        String q = query.toLowerCase(Locale.ROOT);
        return load(scope, e -> e.name().toLowerCase(Locale.ROOT).contains(q)
                || e.entityType().toLowerCase(Locale.ROOT).contains(q)
                || e.observations().stream().anyMatch(o -> o.toLowerCase(Locale.ROOT).contains(q)));
    }

    /** The named entities and the relations that touch them. */
    public Graph openNodes(Scope scope, List<String> names) {
        limit("names", names.size());
        Set<String> wanted = Set.copyOf(names);
        return load(scope, e -> wanted.contains(e.name()));
    }

    private Graph load(Scope scope, Predicate<Entity> keep) {
        Namespace ns = namespace(scope);
        List<Memory> entityMemories = new ArrayList<>();
        Map<String, List<Memory>> observations = new HashMap<>();
        ListQuery query = ListQuery.first(1000);
        while (true) {
            Page<Memory> page = ns.list(query);
            for (Memory m : page.items()) {
                String kind = m.metadata().getString(KIND).orElse("");
                if (kind.equals(KIND_ENTITY)) {
                    entityMemories.add(m);
                } else if (kind.equals(KIND_OBSERVATION)) {
                    observations.computeIfAbsent(m.metadata().getString(ENTITY).orElse(""), k -> new ArrayList<>()).add(m);
                }
            }
            if (page.nextCursor().isEmpty()) {
                break;
            }
            query = query.after(page.nextCursor().get());
        }
        Comparator<Memory> inOrder = Comparator.comparing(Memory::createdAt)
                .thenComparing(m -> m.metadata().getLong(ORDER).orElse(0L));
        entityMemories.sort(inOrder);
        Map<MemoryId, String> names = new HashMap<>();
        List<Entity> kept = new ArrayList<>();
        for (Memory m : entityMemories) {
            String name = m.metadata().getString(NAME).orElse("");
            names.put(m.id(), name);
            List<Memory> own = observations.getOrDefault(name, new ArrayList<>());
            own.sort(inOrder);
            Entity e = new Entity(name, m.metadata().getString(TYPE).orElse(""), own.stream().map(Memory::content).toList());
            if (keep.test(e)) {
                kept.add(e);
            }
        }
        Set<String> keptNames = new HashSet<>();
        kept.forEach(e -> keptNames.add(e.name()));
        List<Link> links = new ArrayList<>();
        for (Memory m : entityMemories) {
            for (Link l : ns.links(m.id())) {
                if (l.from().equals(m.id()) && names.containsKey(l.to())) {
                    links.add(l);
                }
            }
        }
        links.sort(Comparator.comparing(Link::createdAt));
        List<Relation> relations = new ArrayList<>();
        for (Link l : links) {
            Optional<String> type = RelationTypes.decode(l.type());
            String from = names.get(l.from());
            String to = names.get(l.to());
            if (type.isPresent() && (keptNames.contains(from) || keptNames.contains(to))) {
                relations.add(new Relation(from, to, type.get()));
            }
        }
        return new Graph(kept, relations);
    }

    private Namespace namespace(Scope scope) {
        // Exact deduplication is off: two entities may hold the same observation text, and the
        // name-based ids already make every create idempotent.
        return store.namespace(scope.tenant(), scope.graphNamespace(), NamespaceOptions.defaults().exactDedup(false));
    }

    private void requireEntities(Scope scope, Namespace ns, Set<String> names) {
        Set<MemoryId> existing = existingIds(ns, names.stream().map(n -> entityId(scope, n)).toList());
        List<String> missing = names.stream().filter(n -> !existing.contains(entityId(scope, n))).toList();
        if (!missing.isEmpty()) {
            throw new ToolArgumentException("Entity with name " + String.join(", ", missing) + " not found: create it "
                    + "with create_entities first. Nothing was changed");
        }
    }

    private static Set<String> outgoingKeys(Namespace ns, MemoryId from) {
        Set<String> keys = new HashSet<>();
        for (Link l : ns.links(from)) {
            if (l.from().equals(from)) {
                keys.add(l.to() + " " + l.type());
            }
        }
        return keys;
    }

    private static Set<MemoryId> existingIds(Namespace ns, List<MemoryId> ids) {
        Set<MemoryId> found = new HashSet<>();
        ns.getAll(ids).forEach(m -> found.add(m.id()));
        return found;
    }

    private static void putAll(Namespace ns, List<MemoryDraft> drafts) {
        if (drafts.isEmpty()) {
            return;
        }
        try {
            ns.putAll(drafts);
        } catch (ValidationException e) {
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
            // Another server process created one of these at the same moment with other content
            // (an entity of another type): keep its version, as the reference server keeps the
            // first, and write the rest one by one.
            for (MemoryDraft d : drafts) {
                try {
                    ns.put(d);
                } catch (ValidationException taken) {
                    if (taken.code() != ErrorCode.ALREADY_EXISTS) {
                        throw taken;
                    }
                }
            }
        }
    }

    private static MemoryDraft entityDraft(Scope scope, Entity e, int order) {
        String content = e.entityType().isBlank() ? e.name() : e.name() + " (" + e.entityType() + ")";
        return MemoryDraft.of(content).id(entityId(scope, e.name()))
                .metadata(KIND, KIND_ENTITY).metadata(NAME, e.name()).metadata(TYPE, e.entityType())
                .metadata(ORDER, (long) order);
    }

    private static MemoryDraft observationDraft(Scope scope, String entity, String text, int order) {
        if (text.isBlank()) {
            throw new ToolArgumentException("an observation of entity '" + entity + "' is empty: observations are "
                    + "short facts, for example 'Speaks fluent Spanish'");
        }
        return MemoryDraft.of(text).id(observationId(scope, entity, text))
                .metadata(KIND, KIND_OBSERVATION).metadata(ENTITY, entity).metadata(ORDER, (long) order);
    }

    static MemoryId entityId(Scope scope, String name) {
        return nameId("entity", scope, name);
    }

    static MemoryId observationId(Scope scope, String entity, String text) {
        return nameId("observation", scope, entity + '\u0000' + text);
    }

    private static MemoryId nameId(String kind, Scope scope, String name) {
        String key = kind + '\u0000' + scope.tenant() + '\u0000' + scope.graphNamespace() + '\u0000' + name;
        return MemoryId.of(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static void requireName(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new ToolArgumentException("'" + what + "' must be a non-empty entity name");
        }
    }

    private static void limit(String what, int n) {
        if (n > MAX_ITEMS) {
            throw new ToolArgumentException("'" + what + "' has " + n + " items, at most " + MAX_ITEMS
                    + " are taken in one call: split it");
        }
    }
}
