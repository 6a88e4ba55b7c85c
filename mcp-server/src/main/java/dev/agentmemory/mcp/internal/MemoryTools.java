package dev.agentmemory.mcp.internal;

import dev.agentmemory.Conversation;
import dev.agentmemory.Filter;
import dev.agentmemory.Link;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Message;
import dev.agentmemory.Namespace;
import dev.agentmemory.Neighbour;
import dev.agentmemory.Neighbourhood;
import dev.agentmemory.Search;
import dev.agentmemory.SearchMode;
import dev.agentmemory.ValidationException;
import dev.agentmemory.mcp.Scope;
import dev.agentmemory.mcp.ToolArgumentException;
import dev.agentmemory.mcp.internal.ToolRunner.Reply;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Thread-safe: static methods only. The store's own tools (remember, recall, get, update,
 * forget, link, neighbours, conversation_append, conversation_read) over the scope's memory
 * namespace and its tenant's conversations.
 */
public final class MemoryTools {
    private MemoryTools() {}

    /** Adds the store's tools to {@code runner}. */
    public static void register(ToolRunner runner, MemoryStore store) {
        runner.add("remember", (scope, args) -> {
            MemoryDraft draft = MemoryDraft.of(args.nonBlank("content"));
            Optional<Map<String, Object>> metadata = args.optMap("metadata");
            if (metadata.isPresent()) {
                draft = draft.metadata(metadata.get());
            }
            Optional<Long> ttl = args.optLong("ttl_seconds", 1, Long.MAX_VALUE / 1_000_000_000L);
            if (ttl.isPresent()) {
                draft = draft.ttl(Duration.ofSeconds(ttl.get()));
            }
            Namespace ns = memories(store, scope);
            MemoryId id = ns.put(draft);
            return Reply.of(view(ns.get(id).orElseThrow(() -> notFound(id))));
        });
        runner.add("recall", (scope, args) -> {
            Search search = Search.text(args.nonBlank("query")).topK(args.intOr("top_k", 5, 1, 50));
            Optional<Double> minScore = args.optDouble("min_score");
            if (minScore.isPresent()) {
                search = search.minScore(minScore.get());
            }
            Optional<Filter> filter = filter(args);
            if (filter.isPresent()) {
                search = search.where(filter.get());
            }
            Optional<String> near = args.optString("near_id");
            if (near.isPresent()) {
                search = search.near(Neighbourhood.of(id(near.get())).depth(args.intOr("depth", 1, 1, 3)));
            }
            Optional<String> mode = args.optString("mode");
            if (mode.isPresent()) {
                search = search.mode(mode(mode.get()));
            }
            List<Map<String, Object>> matches = new ArrayList<>();
            for (Match m : memories(store, scope).search(search)) {
                Map<String, Object> v = view(m.memory());
                v.put("score", rounded(m.score()));
                Match.Explanation why = m.explanation();
                v.put("mode", why.mode().name().toLowerCase(Locale.ROOT));
                why.vectorScore().ifPresent(x -> v.put("vector_score", rounded(x)));
                why.keywordScore().ifPresent(x -> v.put("keyword_score", rounded(x)));
                matches.add(v);
            }
            return Reply.of(Map.of("memories", matches));
        });
        runner.add("get", (scope, args) -> {
            MemoryId id = id(args.string("id"));
            return Reply.of(view(memories(store, scope).get(id).orElseThrow(() -> notFound(id))));
        });
        runner.add("update", (scope, args) -> {
            MemoryId id = id(args.string("id"));
            Namespace ns = memories(store, scope);
            Memory current = ns.get(id).orElseThrow(() -> notFound(id));
            MemoryDraft draft = current.toDraft();
            Optional<String> content = args.optString("content");
            if (content.isPresent()) {
                if (content.get().isBlank()) {
                    throw new ToolArgumentException("'content' must not be empty; use forget to delete a memory");
                }
                // New text needs a new vector: leave the embedding out so the store embeds it.
                draft = MemoryDraft.of(content.get()).metadata(current.metadata());
                if (current.expiresAt().isPresent()) {
                    draft = draft.expiresAt(current.expiresAt().get());
                }
            }
            Optional<Map<String, Object>> metadata = args.optMap("metadata");
            if (metadata.isPresent()) {
                draft = draft.metadata(metadata.get());
            }
            long expected = args.optLong("expected_version", 1, Long.MAX_VALUE).orElse(current.version());
            return Reply.of(view(ns.update(id, expected, draft)));
        });
        runner.add("forget", (scope, args) ->
                Reply.of(Map.of("deleted", memories(store, scope).delete(id(args.string("id"))))));
        runner.add("link", (scope, args) -> {
            Link l = memories(store, scope).link(id(args.string("from")), id(args.string("to")), args.nonBlank("type"),
                    args.optDouble("weight").orElse(1.0));
            return Reply.of(link(l));
        });
        runner.add("neighbours", (scope, args) -> {
            Neighbourhood n = Neighbourhood.of(id(args.string("id"))).depth(args.intOr("depth", 1, 1, 3))
                    .limit(args.intOr("limit", 20, 1, 100)).direction(direction(args.optString("direction").orElse("both")));
            Optional<List<String>> types = args.optStrings("types");
            if (types.isPresent()) {
                n = n.types(types.get().toArray(String[]::new));
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (Neighbour nb : memories(store, scope).neighbours(n)) {
                Map<String, Object> v = view(nb.memory());
                v.put("depth", nb.depth());
                v.put("via", link(nb.via()));
                out.add(v);
            }
            return Reply.of(Map.of("neighbours", out));
        });
        runner.add("conversation_append", (scope, args) -> {
            Conversation c = store.conversation(scope.tenant(), args.nonBlank("session"));
            return Reply.of(message(c.append(args.nonBlank("role"), args.nonBlank("text"))));
        });
        runner.add("conversation_read", (scope, args) -> {
            Conversation c = store.conversation(scope.tenant(), args.nonBlank("session"));
            List<Map<String, Object>> messages = c.last(args.intOr("last", 20, 1, 100)).stream().map(MemoryTools::message)
                    .toList();
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("session", c.sessionId());
            v.put("total", c.size());
            v.put("messages", messages);
            return Reply.of(v);
        });
    }

    private static Namespace memories(MemoryStore store, Scope scope) {
        return store.namespace(scope.tenant(), scope.namespace());
    }

    private static Optional<Filter> filter(Args args) {
        List<Filter> parts = new ArrayList<>();
        args.optMap("metadata").ifPresent(m -> m.forEach((k, v) -> parts.add(Filter.eq(k, v))));
        args.optString("created_after").ifPresent(t -> parts.add(Filter.createdAfter(instant("created_after", t))));
        args.optString("created_before").ifPresent(t -> parts.add(Filter.createdBefore(instant("created_before", t))));
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parts.size() == 1 ? parts.get(0) : Filter.and(parts.toArray(Filter[]::new)));
    }

    private static Instant instant(String name, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ToolArgumentException("'" + name + "' must be an ISO-8601 instant such as 2026-01-31T09:00:00Z, got '"
                    + text + "'");
        }
    }

    private static Neighbourhood.Direction direction(String text) {
        return switch (text) {
            case "out" -> Neighbourhood.Direction.OUTGOING;
            case "in" -> Neighbourhood.Direction.INCOMING;
            case "both" -> Neighbourhood.Direction.BOTH;
            default -> throw new ToolArgumentException("'direction' must be 'out', 'in' or 'both', got '" + text + "'");
        };
    }

    private static MemoryId id(String text) {
        try {
            return MemoryId.parse(text);
        } catch (ValidationException e) {
            throw new ToolArgumentException(e.getMessage() + " (ids come from remember, recall or neighbours)");
        }
    }

    private static ToolArgumentException notFound(MemoryId id) {
        return new ToolArgumentException("no memory with id " + id + " in this namespace (it may have been forgotten or "
                + "have expired)");
    }

    static Map<String, Object> view(Memory m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", m.id().toString());
        v.put("content", m.content());
        v.put("metadata", m.metadata().asMap());
        v.put("version", m.version());
        v.put("created_at", m.createdAt().toString());
        v.put("updated_at", m.updatedAt().toString());
        m.expiresAt().ifPresent(t -> v.put("expires_at", t.toString()));
        return v;
    }

    private static Map<String, Object> link(Link l) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("from", l.from().toString());
        v.put("to", l.to().toString());
        v.put("type", l.type());
        v.put("weight", l.weight());
        return v;
    }

    private static Map<String, Object> message(Message m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("seq", m.seq());
        v.put("role", m.role());
        v.put("text", m.text());
        v.put("created_at", m.createdAt().toString());
        return v;
    }


    private static double rounded(double score) {
        return Math.round(score * 10_000) / 10_000.0;
    }

    /** A recall's {@code mode} argument. */
    private static SearchMode mode(String name) {
        try {
            return SearchMode.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ToolArgumentException("'mode' must be one of auto, vector, keyword, hybrid; got '" + name + "'");
        }
    }
}
