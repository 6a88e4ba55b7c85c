package dev.agentmemory.cli.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentmemory.Conversation;
import dev.agentmemory.Link;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryVersion;
import dev.agentmemory.Message;
import dev.agentmemory.Namespace;
import dev.agentmemory.Page;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Confined to the calling thread: writes one tenant's namespaces and conversations as JSON Lines
 * (see {@link Jsonl}).
 *
 * <p>The caller names the namespaces and conversations (all of a tenant's, listed by the store,
 * or a selection). Conversations are read page by page, so any length is exported whole. The
 * public API has no listing of a namespace's links, so they are read memory by memory.
 */
public final class Exporter {
    private static final int PAGE = 1000;

    /**
     * Immutable and thread-safe: what to export.
     *
     * @param tenant the tenant
     * @param namespaces its namespaces to export
     * @param sessions its conversations to export
     * @param history whether to add every memory's earlier versions (not imported: for reading)
     */
    public record Options(String tenant, List<String> namespaces, List<String> sessions, boolean history) {}

    /**
     * Immutable and thread-safe: what was written.
     *
     * @param perNamespace memories per namespace
     * @param links links written
     * @param skippedLinks links to memories outside the exported namespaces, left out
     * @param messages messages written
     * @param checksum the SHA-256 of the portable records
     */
    public record Summary(Map<String, Long> perNamespace, long links, long skippedLinks, long messages, String checksum) {
        /** Memories written. */
        public long memories() {
            return perNamespace.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final MemoryStore store;
    private final Cancellation cancel;

    /** An exporter of {@code store} that stops at {@code cancel}'s request. */
    public Exporter(MemoryStore store, Cancellation cancel) {
        this.store = store;
        this.cancel = cancel;
    }

    /**
     * Writes the export.
     *
     * @throws IOException if writing fails
     * @throws Cancellation.Cancelled if interrupted; what was written is incomplete (no end record)
     */
    public Summary export(Options options, Writer out, boolean quiet) throws IOException {
        Checksum checksum = new Checksum();
        long total = 0;
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String ns : options.namespaces()) {
            long n = store.namespace(options.tenant(), ns).count();
            counts.put(ns, n);
            total += n;
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String s : options.sessions()) {
            long n = store.conversation(options.tenant(), s).size();
            sizes.put(s, n);
            total += n;
        }
        ObjectNode header = Jsonl.JSON.createObjectNode();
        header.put("type", "header");
        header.put("format", Jsonl.FORMAT);
        header.put("version", Jsonl.VERSION);
        header.put("tenant", options.tenant());
        header.put("source", store.describe());
        header.put("exported_at", Instant.now().toString());
        write(out, header);

        Map<String, Long> written = new LinkedHashMap<>();
        Map<String, List<MemoryId>> ids = new LinkedHashMap<>();
        Set<MemoryId> all = new HashSet<>();
        long links = 0;
        long skipped = 0;
        long messages = 0;
        try (Progress progress = Progress.start("export", 2 * total, quiet)) {
            for (String ns : options.namespaces()) {
                List<MemoryId> nsIds = new ArrayList<>();
                ids.put(ns, nsIds);
                written.put(ns, writeNamespace(store.namespace(options.tenant(), ns), counts.get(ns), out, checksum,
                        nsIds, options.history(), progress));
                all.addAll(nsIds);
            }
            for (Map.Entry<String, List<MemoryId>> e : ids.entrySet()) {
                Namespace ns = store.namespace(options.tenant(), e.getKey());
                for (MemoryId id : e.getValue()) {
                    List<Link> outgoing = new ArrayList<>();
                    for (Link l : ns.links(id)) {
                        if (l.from().equals(id)) {
                            outgoing.add(l);
                        }
                    }
                    outgoing.sort(Comparator.comparing(Link::to).thenComparing(Link::type));
                    for (Link l : outgoing) {
                        if (!all.contains(l.to())) {
                            skipped++;
                            continue;
                        }
                        ObjectNode node = Jsonl.link(e.getKey(), l);
                        checksum.add(node);
                        node.put("created_at", l.createdAt().toString());
                        write(out, node);
                        links++;
                    }
                    progress.step();
                    if (links % PAGE == 0) {
                        cancel.checkpoint();
                    }
                }
            }
            for (Map.Entry<String, Long> s : sizes.entrySet()) {
                Conversation c = store.conversation(options.tenant(), s.getKey());
                long after = 0;
                List<Message> page = c.read(after, PAGE);
                while (!page.isEmpty()) {
                    for (Message m : page) {
                        ObjectNode node = Jsonl.message(s.getKey(), m);
                        checksum.add(node);
                        node.put("id", m.id().toString());
                        node.put("created_at", m.createdAt().toString());
                        write(out, node);
                        messages++;
                        progress.step();
                    }
                    cancel.checkpoint();
                    after = page.get(page.size() - 1).seq();
                    page = c.read(after, PAGE);
                }
            }
        }
        String sum = checksum.hex();
        ObjectNode end = Jsonl.JSON.createObjectNode();
        end.put("type", "end");
        end.set("memories", Jsonl.JSON.valueToTree(written));
        end.put("links", links);
        end.put("messages", messages);
        end.put("checksum", sum);
        write(out, end);
        out.flush();
        return new Summary(written, links, skipped, messages, sum);
    }

    private long writeNamespace(Namespace ns, long expected, Writer out, Checksum checksum, List<MemoryId> ids,
            boolean history, Progress progress) throws IOException {
        ListQuery query = ListQuery.first(PAGE);
        Page<Memory> page = ns.list(query);
        ObjectNode record = Jsonl.JSON.createObjectNode();
        record.put("type", "namespace");
        record.put("namespace", ns.name());
        record.put("dimension", page.items().isEmpty() ? 0 : page.items().get(0).dimension());
        checksum.add(record);
        record.put("count_at_start", expected);
        write(out, record);
        long n = 0;
        while (true) {
            for (Memory m : page.items()) {
                checksum.add(Jsonl.portableMemory(m));
                write(out, Jsonl.memory(m));
                ids.add(m.id());
                if (history) {
                    for (MemoryVersion v : ns.history(m.id())) {
                        ObjectNode h = Jsonl.memory(v.memory());
                        h.put("type", "history");
                        h.put("change", v.change().name());
                        h.put("replaced_at", v.replacedAt().toString());
                        write(out, h);
                    }
                }
                n++;
                progress.step();
            }
            cancel.checkpoint();
            if (page.nextCursor().isEmpty()) {
                return n;
            }
            query = query.after(page.nextCursor().get());
            page = ns.list(query);
        }
    }

    private static void write(Writer out, ObjectNode node) throws IOException {
        out.write(Jsonl.JSON.writeValueAsString(node));
        out.write('\n');
    }
}
