package dev.agentmemory.mcp.internal;

import dev.agentmemory.mcp.internal.KnowledgeGraph.Entity;
import dev.agentmemory.mcp.internal.KnowledgeGraph.Graph;
import dev.agentmemory.mcp.internal.KnowledgeGraph.Relation;
import dev.agentmemory.mcp.internal.ToolRunner.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thread-safe: static methods only. The reference memory server's nine tools, with its names,
 * input schemas and replies (the same JSON text and structured content), over a
 * {@link KnowledgeGraph}.
 */
public final class GraphTools {
    private GraphTools() {}

    /** Adds the nine graph tools to {@code runner}. */
    public static void register(ToolRunner runner, KnowledgeGraph graph) {
        runner.add("create_entities", (scope, args) -> {
            List<Entity> entities = args.objects("entities").stream()
                    .map(e -> new Entity(e.string("name"), e.string("entityType"), e.strings("observations"))).toList();
            List<Entity> created = graph.createEntities(scope, entities);
            return new Reply(created, Map.of("entities", created));
        });
        runner.add("create_relations", (scope, args) -> {
            List<Relation> created = graph.createRelations(scope, relations(args));
            return new Reply(created, Map.of("relations", created));
        });
        runner.add("add_observations", (scope, args) -> {
            Map<String, List<String>> byEntity = new LinkedHashMap<>();
            for (Args o : args.objects("observations")) {
                byEntity.merge(o.string("entityName"), o.strings("contents"), GraphTools::concat);
            }
            List<KnowledgeGraph.Added> added = graph.addObservations(scope, byEntity);
            return new Reply(added, Map.of("results", added));
        });
        runner.add("delete_entities", (scope, args) -> {
            graph.deleteEntities(scope, args.strings("entityNames"));
            return done("Entities deleted successfully");
        });
        runner.add("delete_observations", (scope, args) -> {
            Map<String, List<String>> byEntity = new LinkedHashMap<>();
            for (Args d : args.objects("deletions")) {
                byEntity.merge(d.string("entityName"), d.strings("observations"), GraphTools::concat);
            }
            graph.deleteObservations(scope, byEntity);
            return done("Observations deleted successfully");
        });
        runner.add("delete_relations", (scope, args) -> {
            graph.deleteRelations(scope, relations(args));
            return done("Relations deleted successfully");
        });
        runner.add("read_graph", (scope, args) -> graph(graph.readGraph(scope)));
        runner.add("search_nodes", (scope, args) -> graph(graph.searchNodes(scope, args.string("query"))));
        runner.add("open_nodes", (scope, args) -> graph(graph.openNodes(scope, args.strings("names"))));
    }

    private static List<Relation> relations(Args args) {
        return args.objects("relations").stream()
                .map(r -> new Relation(r.string("from"), r.string("to"), r.string("relationType"))).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static Reply graph(Graph g) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("entities", g.entities());
        value.put("relations", g.relations());
        return Reply.of(value);
    }

    private static Reply done(String message) {
        // The reference server answers deletes with plain text and this structured content.
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("success", true);
        value.put("message", message);
        return new Reply(message, value);
    }
}
