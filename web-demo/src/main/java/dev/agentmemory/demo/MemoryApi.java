package dev.agentmemory.demo;

import dev.agentmemory.Conversation;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.Message;
import dev.agentmemory.Namespace;
import dev.agentmemory.Page;
import dev.agentmemory.Search;
import dev.agentmemory.SearchMode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Thread-safe: share one instance. The JSON API's handlers: every request thread calls them at
 * once, and they share the one {@link MemoryStore}, which is what the library is for.
 *
 * <p>The tenant is always {@link Auth#tenant(Context)}, the owner of the request's API key;
 * the store's tenant-scoped views then make another tenant's ids plain "not found".
 */
final class MemoryApi {

    static final int DEFAULT_TOP_K = 5;
    static final int MAX_SEARCH_NAMESPACES = 8;
    static final int DEFAULT_PAGE = 20;
    static final int DEFAULT_LAST = 20;
    /** The prefix of {@link #deleteNotes}' metadata parameters. */
    static final String METADATA_PARAM = "metadata.";

    /** The most namespaces {@code GET /api/namespaces} lists. */
    static final int MAX_LISTED_NAMESPACES = 100;

    private final MemoryStore store;
    private final HttpCounters counters;
    private final TenantStats tenantStats;
    private final FaultHook faults;
    private final MessageAppends appends;

    MemoryApi(MemoryStore store, HttpCounters counters, TenantStats tenantStats, FaultHook faults) {
        this.store = store;
        this.counters = counters;
        this.tenantStats = tenantStats;
        this.faults = faults;
        this.appends = new MessageAppends(store, faults, WebDemo.LIMITS.maxPageSize());
    }

    /**
     * {@code POST /api/namespaces/{namespace}/notes {"text": ..., "metadata": {...}}}: 201 with the
     * stored note, or 200 with {@code "deduplicated": true} and the note already stored with the
     * same text in the namespace, unchanged (the store keeps one memory per text; the new
     * metadata is not applied). With an {@code Idempotency-Key} the note's id is derived from the
     * key, so a retry finds the note the first attempt stored (the store writes nothing the
     * second time) and answers as the first attempt did.
     */
    void putNote(Context ctx) {
        String tenant = Auth.tenant(ctx);
        Optional<String> key = IdempotencyKeys.of(ctx);
        JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
        String text = body.requiredString("text");
        Map<String, Object> metadata = body.optionalMetadata("metadata");
        Namespace ns = namespace(ctx);
        // The id is chosen here, so an answer with another id can only be the store's dedup.
        MemoryId chosen = key.map(k -> IdempotencyKeys.noteId(tenant, k)).orElseGet(MemoryId::generate);
        MemoryId id;
        try {
            id = ns.put(MemoryDraft.of(text).metadata(metadata).id(chosen));
        } catch (MemoryStoreException e) {
            if (key.isPresent() && e.code() == ErrorCode.ALREADY_EXISTS) {
                throw IdempotencyKeys.reused(key.get(), "another note (other text, or another namespace)");
            }
            throw e;
        }
        faults.afterCommit("note " + id);
        boolean deduplicated = !id.equals(chosen);
        Map<String, Object> view = new LinkedHashMap<>(ns.get(id).map(Views::memory)
                .orElseGet(() -> Map.of("id", id.toString(), "namespace", ns.name(), "text", text)));
        view.put("deduplicated", deduplicated);
        ctx.status(deduplicated ? 200 : 201).json(view);
    }

    /**
     * {@code DELETE /api/namespaces/{namespace}/notes?metadata.run=abc}: deletes every note of the
     * namespace whose metadata has each given string value, atomically; 200 with
     * {@code "deleted"}. At least one {@code metadata.<key>} parameter is required, so a typo
     * cannot empty a namespace.
     */
    void deleteNotes(Context ctx) {
        Namespace ns = namespace(ctx);
        List<Filter> where = new ArrayList<>();
        ctx.queryParamMap().forEach((name, values) -> {
            if (name.startsWith(METADATA_PARAM) && !values.isEmpty()) {
                where.add(Filter.eq(name.substring(METADATA_PARAM.length()), values.get(0)));
            }
        });
        if (where.isEmpty()) {
            throw ApiException.badRequest("MISSING_PARAMETER", "name the notes to delete with at least one"
                    + " query parameter " + METADATA_PARAM + "<key>=<value>, for example ?" + METADATA_PARAM + "run=abc");
        }
        long deleted = ns.deleteWhere(where.size() == 1 ? where.get(0) : Filter.and(where.toArray(Filter[]::new)));
        ctx.json(Map.of("namespace", ns.name(), "deleted", deleted));
    }

    /**
     * {@code GET /api/namespaces}: the caller's namespaces (the store's own listing, in code-point
     * order, the demo's reserved one left out), each with its number of notes, at most
     * {@value #MAX_LISTED_NAMESPACES}.
     */
    void namespaces(Context ctx) {
        String tenant = Auth.tenant(ctx);
        List<Map<String, Object>> out = new ArrayList<>();
        String after = null;
        do {
            Page<String> page = store.namespaces(tenant, after, MAX_LISTED_NAMESPACES);
            for (String name : page.items()) {
                if (!MessageAppends.RECORDS.equals(name) && out.size() < MAX_LISTED_NAMESPACES) {
                    out.add(Map.of("name", name, "notes", store.namespace(tenant, name).count()));
                }
            }
            after = page.nextCursor().orElse(null);
        } while (after != null && out.size() < MAX_LISTED_NAMESPACES);
        ctx.json(Map.of("namespaces", out));
    }

    /** {@code GET /api/namespaces/{namespace}/notes?limit=20&cursor=...}: a page, newest last, with {@code nextCursor}. */
    void listNotes(Context ctx) {
        Namespace ns = namespace(ctx);
        ListQuery query = ListQuery.first(intParam(ctx, "limit", DEFAULT_PAGE));
        String cursor = ctx.queryParam("cursor");
        if (cursor != null && !cursor.isBlank()) {
            query = query.after(cursor);
        }
        Page<Memory> page = ns.list(query);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("namespace", ns.name());
        out.put("items", page.items().stream().map(Views::memory).toList());
        out.put("nextCursor", page.nextCursor().orElse(null));
        ctx.json(out);
    }

    /** {@code GET /api/namespaces/{namespace}/notes/{id}}: the note, or 404. */
    void getNote(Context ctx) {
        Namespace ns = namespace(ctx);
        MemoryId id = MemoryId.parse(ctx.pathParam("id"));
        Memory m = ns.get(id).orElseThrow(() -> notFound(ns, id));
        ctx.json(Views.memory(m));
    }

    /** {@code DELETE /api/namespaces/{namespace}/notes/{id}}: 204, or 404. */
    void deleteNote(Context ctx) {
        Namespace ns = namespace(ctx);
        MemoryId id = MemoryId.parse(ctx.pathParam("id"));
        if (!ns.delete(id)) {
            throw notFound(ns, id);
        }
        ctx.status(204);
    }

    /**
     * {@code POST /api/search {"query": ..., "namespaces": [...], "topK": 5, "mode": "hybrid"}}:
     * one search over several namespaces in parallel (the store's fan-out), the best
     * {@code topK} overall, grouped per namespace. With
     * {@code "namespaces": {"personal": 5, "academic": 2}} each namespace gets its own number of
     * matches instead, so one namespace's strong matches cannot hide another's. {@code mode} is
     * {@code auto} (the default: hybrid on the demo's store), {@code vector}, {@code keyword} or
     * {@code hybrid}; every match carries its explanation (see {@link Views#explanation}).
     */
    void search(Context ctx) {
        String tenant = Auth.tenant(ctx);
        JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
        String query = body.requiredString("query");
        Map<String, Integer> perNamespace = body.isObject("namespaces") ? body.requiredIntegers("namespaces") : null;
        List<String> namespaces = perNamespace != null ? new ArrayList<>(perNamespace.keySet())
                : new ArrayList<>(new LinkedHashSet<>(body.requiredStrings("namespaces")));
        if (namespaces.size() > MAX_SEARCH_NAMESPACES) {
            throw ApiException.badRequest("INVALID_FIELD", "field 'namespaces' has " + namespaces.size()
                    + " names; search at most " + MAX_SEARCH_NAMESPACES + " at once");
        }
        namespaces.forEach(MemoryApi::refuseReserved);
        SearchMode mode = mode(body);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("query", query);
        out.put("mode", mode.name().toLowerCase(Locale.ROOT));
        long start = System.nanoTime();
        List<Match> matches;
        if (perNamespace != null) {
            matches = store.search(tenant, perNamespace, Search.text(query).mode(mode));
            out.put("topK", perNamespace);
        } else {
            int topK = body.optionalInt("topK").orElse(DEFAULT_TOP_K);
            matches = store.search(tenant, namespaces, Search.text(query).mode(mode).topK(topK));
            out.put("topK", topK);
        }
        out.put("tookMicros", (System.nanoTime() - start) / 1_000);
        out.put("groups", Views.grouped(namespaces, matches));
        out.put("matches", matches.stream().map(Views::match).toList());
        ctx.json(out);
    }

    /** The search's {@code mode} field: one of {@link SearchMode}'s names in any case, {@code auto} when absent. */
    private static SearchMode mode(JsonBody body) {
        Optional<String> given = body.optionalString("mode");
        if (given.isEmpty()) {
            return SearchMode.AUTO;
        }
        for (SearchMode m : SearchMode.values()) {
            if (m.name().equalsIgnoreCase(given.get().trim())) {
                return m;
            }
        }
        throw ApiException.badRequest("INVALID_FIELD", "field 'mode' is '" + given.get() + "'; use one of auto,"
                + " vector, keyword, hybrid (auto, the default, runs hybrid when the store has both sides)");
    }

    /**
     * {@code POST /api/conversations/{session}/messages {"role": "user", "text": ...}}: 201 with
     * the stored message; with an {@code Idempotency-Key}, appended once however often it is sent
     * (see {@link MessageAppends}).
     */
    void appendMessage(Context ctx) {
        String tenant = Auth.tenant(ctx);
        Optional<String> key = IdempotencyKeys.of(ctx);
        JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
        String role = body.requiredString("role");
        String text = body.requiredString("text");
        Message m = appends.append(tenant, ctx.pathParam("session"), role, text, key);
        ctx.status(201).json(Views.message(m));
    }

    /** {@code GET /api/conversations/{session}/messages?last=20}: the last messages, oldest first. */
    void lastMessages(Context ctx) {
        Conversation c = store.conversation(Auth.tenant(ctx), ctx.pathParam("session"));
        List<Message> messages = c.last(intParam(ctx, "last", DEFAULT_LAST));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session", c.sessionId());
        out.put("size", c.size());
        out.put("messages", messages.stream().map(Views::message).toList());
        ctx.json(out);
    }

    /**
     * {@code GET /api/stats}: with a tenant's key, that tenant's own operation counts and
     * latencies ({@link TenantStats}); with the admin key, the server-wide figures: the store's
     * pools, operation counts, latencies and index sizes, and the server's request counts.
     */
    void stats(Context ctx) {
        if (Auth.isAdmin(ctx)) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("scope", "server");
            out.putAll(Views.stats(store.stats(), counters));
            ctx.json(out);
            return;
        }
        String tenant = Auth.tenant(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scope", "tenant");
        out.put("tenant", tenant);
        out.put("backend", Views.backendKind(store.describe()));
        out.put("operations", tenantStats.snapshot(tenant));
        ctx.json(out);
    }

    /** {@code GET /api/me}: the caller's tenant. */
    void me(Context ctx) {
        ctx.json(Map.of("tenant", Auth.tenant(ctx)));
    }

    /** The namespace of the path, refusing the one the demo keeps its idempotency records in. */
    private Namespace namespace(Context ctx) {
        String name = ctx.pathParam("namespace");
        refuseReserved(name);
        return store.namespace(Auth.tenant(ctx), name);
    }

    private static void refuseReserved(String namespace) {
        if (MessageAppends.RECORDS.equals(namespace)) {
            throw ApiException.badRequest("INVALID_IDENTIFIER", "namespace '" + namespace
                    + "' is reserved by the demo for its Idempotency-Key records; choose another name");
        }
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("INVALID_PARAMETER", "query parameter '" + name
                    + "' must be a whole number, got '" + abbreviate(text) + "'");
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static ApiException notFound(Namespace ns, MemoryId id) {
        return new ApiException(404, "NOT_FOUND", "no memory " + id + " in namespace '" + ns.name() + "'");
    }
}
