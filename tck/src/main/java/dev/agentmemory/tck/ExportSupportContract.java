package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Conversation;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Message;
import dev.agentmemory.MessageDraft;
import dev.agentmemory.Metadata;
import dev.agentmemory.Namespace;
import dev.agentmemory.NamespaceOptions;
import dev.agentmemory.Page;
import dev.agentmemory.Search;
import dev.agentmemory.StoreCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: what moving a tenant's data out of a store and
 * into another needs: the names of its namespaces and conversations, conversations read in full
 * however long, a restore that keeps ids, times and versions, and the store's own check.
 */
public interface ExportSupportContract extends StoreFixture {
    /** The vector dimension of this area's memories. */
    int DIM = 4;

    /** Every name a paged listing returns, page by page, checking the pages follow each other. */
    private static List<String> allNames(BiFunction<String, Integer, Page<String>> listing, int pageSize) {
        List<String> out = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 1_000; pages++) {
            Page<String> page = listing.apply(after, pageSize);
            assertThat(page.items().size()).as("page %d", pages).isLessThanOrEqualTo(pageSize);
            out.addAll(page.items());
            if (page.nextCursor().isEmpty()) {
                return out;
            }
            after = page.nextCursor().get();
        }
        throw new AssertionError("the listing does not end");
    }

    @Test
    default void namespaces_and_conversations_of_a_tenant_are_listed_in_order_page_by_page() {
        MemoryStore store = store();
        String tenant = newTenant();
        List<String> names = List.of("zeta", "alpha", "Beta", "a-1", "a_1", "a.1", "m9", "m10");
        for (String name : names) {
            store.namespace(tenant, name).put(draft("in " + name, DIM));
            store.conversation(tenant, "chat-" + name).append("user", "hi from " + name);
        }
        store.namespace(newTenant(), "other-tenant").put(draft("not listed", DIM));
        List<String> sorted = names.stream().sorted().toList();

        assertThat(allNames((after, n) -> store.namespaces(tenant, after, n), 3)).as("names, 3 a page, in code-point"
                + " order on every backend").isEqualTo(sorted);
        assertThat(allNames((after, n) -> store.namespaces(tenant, after, n), 100)).isEqualTo(sorted);
        assertThat(allNames((after, n) -> store.conversations(tenant, after, n), 2))
                .isEqualTo(sorted.stream().map(n -> "chat-" + n).sorted().toList());
        assertThat(store.namespaces(newTenant(), null, 10).items()).isEmpty();
        assertThat(store.namespaces(tenant, "m9", 10).items()).containsExactly("zeta");

        assertRejected(store, ErrorCode.LIMIT_EXCEEDED, "namespaces", () -> store.namespaces(tenant, null, 0));
        assertRejected(store, ErrorCode.INVALID_IDENTIFIER, "conversations",
                () -> store.conversations(tenant, "not a name", 10));
    }

    @Test
    default void a_conversation_longer_than_a_page_is_read_in_full_page_by_page() {
        MemoryStore store = store();
        Conversation chat = store.conversation(newTenant(), "long");
        int total = 2_345;
        for (int from = 0; from < total; from += 1_000) {
            List<MessageDraft> batch = new ArrayList<>();
            for (int i = from; i < Math.min(total, from + 1_000); i++) {
                batch.add(new MessageDraft(i % 2 == 0 ? "user" : "assistant", "message " + i));
            }
            chat.appendAll(batch);
        }
        List<Message> read = new ArrayList<>();
        long after = 0;
        while (true) {
            List<Message> page = chat.read(after, 1_000);
            if (page.isEmpty()) {
                break;
            }
            read.addAll(page);
            after = page.get(page.size() - 1).seq();
        }
        assertThat(read).hasSize(total);
        for (int i = 0; i < total; i++) {
            assertThat(read.get(i).seq()).isEqualTo(i + 1);
            assertThat(read.get(i).text()).isEqualTo("message " + i);
        }
        assertThat(chat.read(2_340, 3)).extracting(Message::seq).containsExactly(2_341L, 2_342L, 2_343L);
        assertRejected(store, ErrorCode.INVALID_ARGUMENT, "read", () -> chat.read(-1, 10));
        assertRejected(store, ErrorCode.LIMIT_EXCEEDED, "read", () -> chat.read(0, 1_001));
    }

    @Test
    default void restore_keeps_ids_times_and_versions_and_skips_what_the_target_holds() {
        MemoryStore store = store();
        String tenant = newTenant();
        Namespace target = store.namespace(tenant, "restored", NamespaceOptions.defaults().exactDedup(false));
        Instant created = Instant.parse("2021-03-04T05:06:07.123456Z");
        Instant updated = Instant.parse("2022-01-02T03:04:05.000001Z");
        Instant expires = Instant.parse("2999-01-01T00:00:00Z");
        Memory first = new Memory(MemoryId.generate(), tenant, "restored", "kept as it was", vector(DIM),
                Metadata.of(java.util.Map.of("source", "export")), created, updated, 7, expires);
        Memory second = new Memory(MemoryId.generate(), tenant, "restored", "kept as it was", vector(DIM),
                Metadata.empty(), created, created, 1, null);

        assertThat(target.restore(List.of(first, second))).isEqualTo(2);
        Memory back = target.get(first.id()).orElseThrow();
        assertThat(back.createdAt()).isEqualTo(created);
        assertThat(back.updatedAt()).isEqualTo(updated);
        assertThat(back.version()).isEqualTo(7);
        assertThat(back.expiresAt()).contains(expires);
        assertThat(back.metadata()).isEqualTo(first.metadata());
        assertThat(back.embedding()).containsExactly(first.embedding());
        assertThat(target.count()).as("the same content twice, deduplication off in this view").isEqualTo(2);
        assertThat(target.search(Search.vector(first.embedding()).topK(1)).get(0).memory().id()).isEqualTo(first.id());
        assertThat(target.restore(List.of(first, second))).as("restoring again writes nothing").isZero();
        assertThat(target.update(first.id(), 7, MemoryDraft.of("changed").embedding(vector(DIM))).version())
                .as("a restored memory's version goes on from the restored one").isEqualTo(8);

        Memory elsewhere = new Memory(first.id(), tenant, "other", "same id", vector(DIM), Metadata.empty(), created,
                created, 1, null);
        assertRejected(store, ErrorCode.ALREADY_EXISTS, "restore",
                () -> store.namespace(tenant, "other").restore(List.of(elsewhere)));
        Memory wrongTenant = new Memory(MemoryId.generate(), newTenant(), "restored", "x", vector(DIM),
                Metadata.empty(), created, created, 1, null);
        assertRejected(store, ErrorCode.INVALID_ARGUMENT, "restore", () -> target.restore(List.of(wrongTenant)));
        Memory backwards = new Memory(MemoryId.generate(), tenant, "restored", "x", vector(DIM), Metadata.empty(),
                updated, created, 1, null);
        assertRejected(store, ErrorCode.INVALID_ARGUMENT, "restore", () -> target.restore(List.of(backwards)));
        assertThat(target.count()).as("refused restores wrote nothing").isEqualTo(2);
    }

    @Test
    default void restored_messages_keep_their_ids_and_times_and_are_not_restored_twice() {
        MemoryStore store = store();
        Conversation source = store.conversation(newTenant(), "from");
        List<Message> exported = source.appendAll(List.of(new MessageDraft("user", "one"),
                new MessageDraft("assistant", "two")));
        Conversation target = store.conversation(newTenant(), "to");
        target.append("system", "already there");

        assertThat(target.restore(exported)).isEqualTo(2);
        assertThat(target.restore(exported)).as("again").isZero();
        List<Message> all = target.read(0, 10);
        assertThat(all).extracting(Message::seq).containsExactly(1L, 2L, 3L);
        assertThat(all.subList(1, 3)).extracting(Message::id).containsExactly(exported.get(0).id(),
                exported.get(1).id());
        assertThat(all.subList(1, 3)).extracting(Message::createdAt).containsExactly(exported.get(0).createdAt(),
                exported.get(1).createdAt());
        assertThat(all.subList(1, 3)).extracting(Message::text).containsExactly("one", "two");
    }

    @Test
    default void check_reports_the_store_and_an_integrity_verdict() {
        MemoryStore store = store();
        store.namespace(newTenant(), "checked").put(draft("something to check", DIM));
        StoreCheck check = store.check();
        assertThat(check.store()).isEqualTo(store.describe());
        assertThat(check.integrity()).as("verdict: %s", check.detail()).isNotEqualTo(StoreCheck.Integrity.DAMAGED);
        assertThat(check.detail()).isNotBlank();
    }
}
