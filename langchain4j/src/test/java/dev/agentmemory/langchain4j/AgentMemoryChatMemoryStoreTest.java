package dev.agentmemory.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentmemory.Message;
import dev.agentmemory.MemoryStore;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMemoryChatMemoryStoreTest {
    @TempDir
    static Path dir;
    private static MemoryStore store;

    private final AgentMemoryChatMemoryStore chats = AgentMemoryChatMemoryStore.builder()
            .store(store).tenant("chat").build();

    @BeforeAll
    static void openStore() {
        store = TestStores.sqlite(dir);
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @Test
    void every_message_type_round_trips_with_its_role() {
        String id = TestStores.freshNamespace("round-trip");
        ToolExecutionRequest call = ToolExecutionRequest.builder()
                .id("call-1").name("weather").arguments("{\"city\":\"Munich\"}").build();
        List<ChatMessage> messages = List.of(
                SystemMessage.from("You are terse."),
                UserMessage.from("klaus", "What is the weather in Munich?"),
                AiMessage.from("Let me check.", List.of(call)),
                ToolExecutionResultMessage.from(call, "12 degrees, rain"),
                AiMessage.from("12 degrees and rain."));

        chats.updateMessages(id, messages);

        assertThat(chats.getMessages(id)).containsExactlyElementsOf(messages);
        assertThat(store.conversation("chat", id).last(10)).extracting(Message::role)
                .containsExactly("system", "user", "ai", "tool_execution_result", "ai");
    }

    @Test
    void update_replaces_the_whole_conversation() {
        String id = TestStores.freshNamespace("update");
        chats.updateMessages(id, List.of(UserMessage.from("one"), AiMessage.from("two")));

        chats.updateMessages(id, List.of(UserMessage.from("three")));

        assertThat(chats.getMessages(id)).containsExactly(UserMessage.from("three"));
        assertThat(store.conversation("chat", id).size()).isEqualTo(1);
    }

    @Test
    void delete_clears_the_conversation() {
        String id = TestStores.freshNamespace("delete");
        chats.updateMessages(id, List.of(UserMessage.from("one"), AiMessage.from("two")));

        chats.deleteMessages(id);

        assertThat(chats.getMessages(id)).isEmpty();
        assertThat(store.conversation("chat", id).size()).isZero();
    }

    @Test
    void memory_ids_are_separate_conversations() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        chats.updateMessages(first, List.of(UserMessage.from("for the first")));
        chats.updateMessages(second, List.of(UserMessage.from("for the second"), AiMessage.from("ok")));

        chats.deleteMessages(second);

        assertThat(chats.getMessages(first)).containsExactly(UserMessage.from("for the first"));
        assertThat(chats.getMessages(second)).isEmpty();
    }

    @Test
    void an_unknown_memory_id_has_no_messages() {
        assertThat(chats.getMessages(TestStores.freshNamespace("never-written"))).isEmpty();
    }

    @Test
    void a_memory_id_that_is_not_an_identifier_is_refused_with_the_rule() {
        assertThatThrownBy(() -> chats.getMessages("alice/session 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'alice/session 1'")
                .hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> chats.updateMessages(null, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("memoryId cannot be null");
    }

    @Test
    void a_stored_message_that_is_not_langchain4j_json_is_reported_with_its_conversation() {
        String id = TestStores.freshNamespace("foreign");
        store.conversation("chat", id).append("user", "plain text, not JSON");

        assertThatThrownBy(() -> chats.getMessages(id))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chat/" + id)
                .hasMessageContaining("not a LangChain4j chat message");
    }

    /** Each thread owns a memory id and appends to it turn by turn, all through one store at once. */
    @Test
    void concurrent_appends_from_many_threads_keep_every_conversation_whole_and_in_order() throws Exception {
        int threads = 8;
        int turns = 25;
        String prefix = TestStores.freshNamespace("appends");
        runConcurrently(threads, t -> {
            String id = prefix + "-" + t;
            for (int i = 0; i < turns; i++) {
                List<ChatMessage> next = new ArrayList<>(chats.getMessages(id));
                next.add(UserMessage.from(t + ":" + i));
                chats.updateMessages(id, next);
            }
        });

        for (int t = 0; t < threads; t++) {
            List<ChatMessage> expected = new ArrayList<>();
            for (int i = 0; i < turns; i++) {
                expected.add(UserMessage.from(t + ":" + i));
            }
            assertThat(chats.getMessages(prefix + "-" + t)).containsExactlyElementsOf(expected);
        }
    }

    /** Many threads replace one conversation while others read it: no reader sees a mix of two writes. */
    @Test
    void concurrent_updates_of_one_memory_id_are_never_torn() throws Exception {
        int writers = 6;
        int rounds = 30;
        String id = TestStores.freshNamespace("torn");
        runConcurrently(writers * 2, t -> {
            for (int i = 0; i < rounds; i++) {
                if (t < writers) {
                    String tag = t + ":" + i;
                    chats.updateMessages(id, List.of(UserMessage.from(tag), AiMessage.from(tag), UserMessage.from(tag)));
                } else {
                    List<ChatMessage> seen = chats.getMessages(id);
                    assertThat(seen.size()).as("a read between writes: %s", seen).isIn(0, 3);
                    assertThat(seen.stream().map(AgentMemoryChatMemoryStoreTest::text).distinct().count())
                            .as("tags in one read: %s", seen).isLessThanOrEqualTo(1);
                }
            }
        });
        assertThat(chats.getMessages(id)).hasSize(3);
    }

    private static String text(ChatMessage m) {
        return m instanceof UserMessage u ? u.singleText() : ((AiMessage) m).text();
    }

    private interface Work {
        void run(int thread) throws Exception;
    }

    /** Starts every thread at once, keeps the first failure and rethrows it; bounded by a timeout. */
    private static void runConcurrently(int threads, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.execute(() -> {
                    try {
                        start.await();
                        work.run(thread);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).as("threads finished in time").isTrue();
        } finally {
            pool.shutdownNow();
        }
        if (failure.get() != null) {
            throw new AssertionError("a thread failed", failure.get());
        }
    }
}
