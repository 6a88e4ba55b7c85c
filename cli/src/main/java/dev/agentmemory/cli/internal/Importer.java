package dev.agentmemory.cli.internal;

import dev.agentmemory.Conversation;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Message;
import dev.agentmemory.Metadata;
import dev.agentmemory.Namespace;
import dev.agentmemory.NamespaceOptions;
import dev.agentmemory.ValidationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Confined to the calling thread: reads an export into a store in two passes.
 *
 * <p>The first pass checks the whole file and the target before anything is written: every line
 * parses, the format version is known, each embedding has its namespace's dimension (and the
 * target namespace's, if it holds memories), no id is taken in the target by other content, the
 * counts and the checksum of the end record match (so a truncated or hand-edited file is refused,
 * naming the line). The second pass writes in batches, each one transaction; a batch whose
 * memories exist already is skipped, so an interrupted import is resumed by running it again.
 */
public final class Importer {
    /**
     * Immutable and thread-safe: what was done.
     *
     * @param lines lines read
     * @param written memories written
     * @param skipped memories already there (an earlier or interrupted run)
     * @param expired memories left out because they had expired
     * @param links links written (or re-written, which changes nothing)
     * @param messages messages restored (those the target held are skipped)
     * @param checksum the checksum of the file, verified
     */
    public record Summary(long lines, long written, long skipped, long expired, long links, long messages,
            String checksum) {}

    /** Messages restored per transaction. */
    private static final int MESSAGE_BATCH = 500;

    private final MemoryStore store;
    private final Cancellation cancel;
    private final int batch;

    /** An importer into {@code store}, writing {@code batch} memories a transaction. */
    public Importer(MemoryStore store, Cancellation cancel, int batch) {
        this.store = store;
        this.cancel = cancel;
        this.batch = batch;
    }

    /**
     * Imports {@code file}.
     *
     * @param tenant the tenant to import into, or null for the export's own
     * @throws BadInput if the file or the target does not allow the import; nothing was written
     * @throws IOException if the file cannot be read
     * @throws Cancellation.Cancelled if interrupted between batches; run again to resume
     */
    public Summary run(Path file, String tenant, boolean quiet) throws IOException {
        Plan plan = check(file, tenant);
        return write(file, plan, quiet);
    }

    /** What the first pass learnt. */
    private record Plan(String tenant, long lines, Map<String, Integer> dimensions, String checksum) {}

    private Plan check(Path file, String tenantOverride) throws IOException {
        Checksum checksum = new Checksum();
        Map<String, Integer> dimensions = new LinkedHashMap<>();
        Map<String, Integer> declaredAt = new HashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Long> lastSeq = new HashMap<>();
        List<Planned> planned = new ArrayList<>();
        long links = 0;
        long messages = 0;
        String tenant = null;
        String verified = null;
        boolean ended = false;
        int line = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                if (ended) {
                    throw new BadInput(line, "text after the end record: the file was edited or two exports joined");
                }
                Record r = Record.parse(line, text);
                String type = r.type();
                if (line == 1) {
                    tenant = header(r, tenantOverride);
                    continue;
                }
                switch (type) {
                    case "namespace" -> {
                        String ns = r.text("namespace");
                        int dim = (int) r.whole("dimension");
                        if (dimensions.putIfAbsent(ns, dim) != null) {
                            throw new BadInput(line, "namespace '" + ns + "' appears twice");
                        }
                        declaredAt.put(ns, line);
                        counts.put(ns, 0L);
                        checkTarget(tenant, ns, dim, line);
                        checksum.add(r.portable());
                    }
                    case "memory" -> {
                        String ns = r.text("namespace");
                        Integer dim = dimensions.get(ns);
                        if (dim == null) {
                            throw new BadInput(line, "memory of namespace '" + ns + "' before that namespace's record");
                        }
                        if (r.text("content").isEmpty()) {
                            throw new BadInput(line, "'content' is empty");
                        }
                        float[] v = Jsonl.decode(r.text("embedding"), line);
                        if (v.length != dim) {
                            throw new BadInput(line, "embedding has " + v.length + " dimensions, namespace '" + ns
                                    + "' holds " + dim + " (line " + declaredAt.get(ns) + ")");
                        }
                        Jsonl.metadata(r.node.get("metadata"), line);
                        if (r.has("expires_at")) {
                            r.instant("expires_at");
                        }
                        counts.merge(ns, 1L, Long::sum);
                        checksum.add(r.portable());
                        planned.add(new Planned(line, ns, r.id("id"), r.text("content").hashCode()));
                    }
                    case "link" -> {
                        r.text("namespace");
                        r.id("from");
                        r.id("to");
                        r.text("link_type");
                        r.number("weight");
                        links++;
                        checksum.add(r.portable());
                    }
                    case "message" -> {
                        String session = r.text("session");
                        long seq = r.whole("seq");
                        long expected = lastSeq.getOrDefault(session, 0L) + 1;
                        if (seq != expected) {
                            throw new BadInput(line, "message " + seq + " of session '" + session + "' where " + expected
                                    + " was expected: messages must be complete and in order");
                        }
                        lastSeq.put(session, seq);
                        r.text("role");
                        r.text("text");
                        messages++;
                        checksum.add(r.portable());
                    }
                    case "history" -> { }
                    case "end" -> {
                        ended = true;
                        verified = checksum.hex();
                        end(r, counts, links, messages, verified);
                    }
                    case "header" -> throw new BadInput(line, "a second header: two exports joined?");
                    default -> throw new BadInput(line, "unknown record type '" + type + "'");
                }
            }
        }
        if (line == 0) {
            throw new BadInput(1, "the file is empty");
        }
        if (!ended) {
            throw new BadInput(line, "the file ends without its end record: it is truncated (an export that did not "
                    + "finish?)");
        }
        checkIds(tenant, planned, dimensions.keySet());
        return new Plan(tenant, line, dimensions, verified);
    }

    private static String header(Record r, String tenantOverride) {
        if (!r.type().equals("header") || !Jsonl.FORMAT.equals(r.node.path("format").asText())) {
            throw new BadInput(1, "not an agent-memory export (no " + Jsonl.FORMAT + " header)");
        }
        long version = r.whole("version");
        if (version != Jsonl.VERSION) {
            throw new BadInput(1, "export format version " + version + " is unknown to this tool, which reads version "
                    + Jsonl.VERSION + ": use the agent-memory-cli that wrote it, or a newer one");
        }
        return tenantOverride != null ? tenantOverride : r.text("tenant");
    }

    private void checkTarget(String tenant, String ns, int dim, int line) {
        List<Memory> first = store.namespace(tenant, ns).list(ListQuery.first(1)).items();
        if (!first.isEmpty() && dim != 0 && first.get(0).dimension() != dim) {
            throw new BadInput(line, "namespace '" + ns + "' of the export holds " + dim + "-dimensional embeddings, the "
                    + "target's holds " + first.get(0).dimension() + ": import into another namespace or store");
        }
    }

    /** Where a memory of the file is, to compare with what the target holds under its id. */
    private record Planned(int line, String namespace, MemoryId id, int contentHash) {}

    /**
     * Refuses ids the target holds with other content, or in another namespace, in any namespace
     * the export names (the public API cannot look an id up tenant-wide).
     */
    private void checkIds(String tenant, List<Planned> planned, java.util.Set<String> namespaces) {
        for (String ns : namespaces) {
            Namespace target = store.namespace(tenant, ns);
            for (int from = 0; from < planned.size(); from += 1000) {
                List<Planned> chunk = planned.subList(from, Math.min(planned.size(), from + 1000));
                Map<MemoryId, Planned> byId = new HashMap<>();
                chunk.forEach(p -> byId.put(p.id(), p));
                for (Memory there : target.getAll(byId.keySet())) {
                    Planned p = byId.get(there.id());
                    if (!p.namespace().equals(ns)) {
                        throw new BadInput(p.line(), "memory " + there.id() + " exists in the target's namespace '" + ns
                                + "', the export puts it in '" + p.namespace() + "': ids are unique in a tenant; nothing "
                                + "was written");
                    }
                    if (there.content().hashCode() != p.contentHash()) {
                        throw new BadInput(p.line(), "memory " + there.id() + " exists in the target namespace '" + ns
                                + "' with other content: the target is not a copy of this export; nothing was written");
                    }
                }
            }
        }
    }

    private static void end(Record r, Map<String, Long> counts, long links, long messages, String checksum) {
        Map<String, Long> declared = new LinkedHashMap<>();
        r.node.path("memories").properties().forEach(e -> declared.put(e.getKey(), e.getValue().asLong()));
        if (!declared.equals(counts) || r.whole("links") != links || r.whole("messages") != messages) {
            throw new BadInput(r.line, "the end record counts memories " + declared + ", links " + r.whole("links")
                    + ", messages " + r.whole("messages") + " but the file holds " + counts + ", " + links + ", "
                    + messages + ": lines were removed or added");
        }
        if (!Objects.equals(r.text("checksum"), checksum)) {
            throw new BadInput(r.line, "checksum mismatch: the file was changed after it was exported");
        }
    }

    private Summary write(Path file, Plan plan, boolean quiet) throws IOException {
        long written = 0;
        long skipped = 0;
        long expired = 0;
        long links = 0;
        long messages = 0;
        Instant now = Instant.now();
        List<Record> memories = new ArrayList<>();
        List<Record> linkBatch = new ArrayList<>();
        Map<String, List<Message>> sessions = new LinkedHashMap<>();
        try (Progress progress = Progress.start("import", plan.lines(), quiet);
                BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                progress.step();
                if (text.isBlank() || line == 1) {
                    continue;
                }
                Record r = Record.parse(line, text);
                switch (r.type()) {
                    case "memory" -> {
                        if (r.has("expires_at") && !r.instant("expires_at").isAfter(now)) {
                            expired++;
                            continue;
                        }
                        memories.add(r);
                        if (memories.size() >= batch) {
                            long[] ws = putBatch(plan.tenant(), memories);
                            written += ws[0];
                            skipped += ws[1];
                        }
                    }
                    case "link" -> {
                        if (!memories.isEmpty()) {
                            long[] flushed = putBatch(plan.tenant(), memories);
                            written += flushed[0];
                            skipped += flushed[1];
                        }
                        linkBatch.add(r);
                        if (linkBatch.size() >= batch) {
                            links += linkBatch(plan.tenant(), linkBatch);
                        }
                    }
                    case "message" -> sessions.computeIfAbsent(r.text("session"), k -> new ArrayList<>())
                            .add(message(r, now));
                    default -> { }
                }
            }
            long[] ws = putBatch(plan.tenant(), memories);
            written += ws[0];
            skipped += ws[1];
            links += linkBatch(plan.tenant(), linkBatch);
            for (Map.Entry<String, List<Message>> s : sessions.entrySet()) {
                messages += restoreMessages(store.conversation(plan.tenant(), s.getKey()), s.getValue());
            }
        }
        return new Summary(plan.lines(), written, skipped, expired, links, messages, plan.checksum());
    }

    /**
     * Restores the memories of a batch that are not there yet (the store skips the ids it holds),
     * one transaction per namespace, with their ids, times and versions.
     */
    private long[] putBatch(String tenant, List<Record> records) {
        cancel.checkpoint();
        long written = 0;
        long skipped = 0;
        Map<String, List<Record>> byNs = new LinkedHashMap<>();
        records.forEach(r -> byNs.computeIfAbsent(r.text("namespace"), k -> new ArrayList<>()).add(r));
        for (Map.Entry<String, List<Record>> e : byNs.entrySet()) {
            // A faithful copy: two memories with the same text stay two, as in the source.
            Namespace ns = store.namespace(tenant, e.getKey(), NamespaceOptions.defaults().exactDedup(false));
            List<Memory> memories = new ArrayList<>(e.getValue().size());
            for (Record r : e.getValue()) {
                memories.add(memory(r, tenant));
            }
            int restored;
            try {
                restored = ns.restore(memories);
            } catch (ValidationException ex) {
                throw new BadInput(e.getValue().get(0).line, "the store refused the batch starting here, so "
                        + "none of it was written (earlier batches were; fix the cause and run again to resume): "
                        + ex.getMessage());
            }
            written += restored;
            skipped += memories.size() - restored;
        }
        records.clear();
        return new long[] {written, skipped};
    }

    /** A memory record as the memory it was, in the target tenant; times and version as exported. */
    private static Memory memory(Record r, String tenant) {
        Instant created = r.has("created_at") ? r.instant("created_at") : Instant.now();
        Instant updated = r.has("updated_at") ? r.instant("updated_at") : created;
        long version = r.has("version") ? r.whole("version") : 1;
        return new Memory(r.id("id"), tenant, r.text("namespace"), r.text("content"),
                Jsonl.decode(r.text("embedding"), r.line), Metadata.of(Jsonl.metadata(r.node.get("metadata"), r.line)),
                created, updated, version, r.has("expires_at") ? r.instant("expires_at") : null);
    }

    /** A message record as the message it was: id and time as exported (new ones for a file without them). */
    private static Message message(Record r, Instant now) {
        MemoryId id = r.has("id") ? r.id("id") : MemoryId.generate();
        return new Message(r.whole("seq"), id, r.text("role"), r.text("text"),
                r.has("created_at") ? r.instant("created_at") : now);
    }

    private long linkBatch(String tenant, List<Record> records) {
        if (records.isEmpty()) {
            return 0;
        }
        cancel.checkpoint();
        // Links are idempotent: making one again with the same weight changes nothing.
        store.inTransaction(tenant, tx -> {
            for (Record r : records) {
                tx.link(r.id("from"), r.id("to"), r.text("link_type"), r.number("weight"));
            }
            return null;
        });
        long n = records.size();
        records.clear();
        return n;
    }

    /**
     * Restores a session's messages in batches; the store skips the ids it holds, so a second run
     * writes nothing and an interrupted one is finished.
     */
    private long restoreMessages(Conversation c, List<Message> messages) {
        long written = 0;
        for (int from = 0; from < messages.size(); from += MESSAGE_BATCH) {
            cancel.checkpoint();
            written += c.restore(messages.subList(from, Math.min(messages.size(), from + MESSAGE_BATCH)));
        }
        return written;
    }
}
