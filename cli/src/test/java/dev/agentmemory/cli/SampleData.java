package dev.agentmemory.cli;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MessageDraft;
import dev.agentmemory.Namespace;
import dev.agentmemory.NamespaceOptions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Thread-safe: static methods only. A tenant's worth of varied data to move around. */
final class SampleData {
    static final String TENANT = "alice";
    static final int DIMENSION = 8;

    private SampleData() {}

    /** Messages of the long conversation: more than one page (1,000) of a conversation read. */
    static final int LONG_CHAT = 1_500;

    /**
     * Fills {@code store}: two namespaces, links within and across them, two short conversations
     * and one of {@link #LONG_CHAT} messages.
     */
    static void fill(MemoryStore store, int notes) {
        Random random = new Random(42);
        Namespace personal = store.namespace(TENANT, "personal", NamespaceOptions.defaults().exactDedup(false));
        Namespace projects = store.namespace(TENANT, "projects");
        List<MemoryDraft> drafts = new ArrayList<>();
        for (int i = 0; i < notes; i++) {
            MemoryDraft d = MemoryDraft.of(i % 7 == 0 ? "the same text, kept twice" : "note " + i + ": " + random.nextInt())
                    .embedding(vector(random)).metadata("i", (long) i).metadata("score", i / 3.0)
                    .metadata("even", i % 2 == 0).metadata("tag", "t" + (i % 5));
            drafts.add(i % 10 == 3 ? d.expiresAt(Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS)) : d);
        }
        List<MemoryId> ids = personal.putAll(drafts);
        MemoryId plan = projects.put(MemoryDraft.of("Ship the CLI").embedding(vector(random)).metadata("owner", "alice"));
        MemoryId review = projects.put(MemoryDraft.of("Review the MCP server").embedding(vector(random)));
        projects.link(plan, review, "before", 0.75);
        for (int i = 1; i < ids.size(); i += 3) {
            personal.link(ids.get(i), ids.get(i - 1), "follows", i);
        }
        personal.link(ids.get(0), plan, "mentions", 1.0);
        store.conversation(TENANT, "chat-1").appendAll(List.of(new MessageDraft("user", "hello"),
                new MessageDraft("assistant", "hi! what can I do?"), new MessageDraft("user", "export me")));
        store.conversation(TENANT, "chat-2").append("system", "be brief");
        List<MessageDraft> turns = new ArrayList<>();
        for (int i = 0; i < LONG_CHAT; i++) {
            turns.add(new MessageDraft(i % 2 == 0 ? "user" : "assistant", "turn " + i));
        }
        store.conversation(TENANT, "chat-long").appendAll(turns.subList(0, 1_000));
        store.conversation(TENANT, "chat-long").appendAll(turns.subList(1_000, LONG_CHAT));
    }

    private static float[] vector(Random random) {
        float[] v = new float[DIMENSION];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
