package dev.agentmemory.spring.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentmemory.MemoryStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.memory.repository.jdbc.JdbcChatMemoryRepository;
import org.springframework.ai.chat.memory.repository.jdbc.SqliteChatMemoryRepositoryDialect;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.sqlite.SQLiteDataSource;

/**
 * The repository beside Spring AI's JDBC one (on its own SQLite file, with Spring AI's schema):
 * every scenario runs on both, and both must give the same, expected answers.
 */
class AgentMemoryChatMemoryRepositoryTest {
    @TempDir
    static Path dir;

    private static MemoryStore store;
    private static JdbcChatMemoryRepository jdbc;
    private static final AtomicInteger TENANTS = new AtomicInteger();

    private AgentMemoryChatMemoryRepository ours;

    /** A message as both repositories keep it: its type and text. */
    private record Kept(MessageType type, String text) {
        static List<Kept> of(List<Message> messages) {
            return messages.stream().map(m -> new Kept(m.getMessageType(), m.getText())).toList();
        }
    }

    @BeforeAll
    static void open() throws Exception {
        store = TestStores.sqlite(dir);
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("spring-ai-jdbc.db"));
        JdbcTemplate template = new JdbcTemplate(ds);
        String schema;
        try (var in = JdbcChatMemoryRepository.class.getResourceAsStream(
                "/org/springframework/ai/chat/memory/repository/jdbc/schema-sqlite.sql")) {
            schema = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Arrays.stream(schema.split(";")).map(String::trim).filter(s -> !s.isEmpty()).forEach(template::execute);
        jdbc = JdbcChatMemoryRepository.builder().jdbcTemplate(template)
                .dialect(new SqliteChatMemoryRepositoryDialect()).build();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @BeforeEach
    void freshTenant() {
        ours = AgentMemoryChatMemoryRepository.builder(store).tenant("t" + TENANTS.incrementAndGet()).build();
        for (String id : jdbc.findConversationIds()) {
            jdbc.deleteByConversationId(id);
        }
    }

    /** Runs {@code step} on both repositories, checks they agree, and returns the answer. */
    private <T> T both(Function<ChatMemoryRepository, T> step) {
        T fromJdbc = step.apply(jdbc);
        T fromOurs = step.apply(ours);
        assertThat(fromOurs).as("our answer beside the JDBC repository's").isEqualTo(fromJdbc);
        return fromOurs;
    }

    private void save(String id, Message... messages) {
        both(r -> {
            r.saveAll(id, List.of(messages));
            return null;
        });
    }

    private List<Kept> read(String id) {
        return both(r -> Kept.of(r.findByConversationId(id)));
    }

    @Test
    void each_message_type_is_kept_with_its_text() {
        String id = UUID.randomUUID().toString();
        save(id, new UserMessage("hello"), new AssistantMessage("hi, how can I help?"),
                new SystemMessage("be brief"));

        assertThat(read(id)).containsExactly(new Kept(MessageType.USER, "hello"),
                new Kept(MessageType.ASSISTANT, "hi, how can I help?"), new Kept(MessageType.SYSTEM, "be brief"));
    }

    @Test
    void saving_again_replaces_the_messages_and_keeps_their_order_and_repeats() {
        save("default", new UserMessage("one"), new AssistantMessage("two"));
        save("default", new UserMessage("three"), new UserMessage("three"), new AssistantMessage("four"),
                new UserMessage("five"));

        assertThat(read("default")).extracting(Kept::text).containsExactly("three", "three", "four", "five");
    }

    @Test
    void an_unknown_conversation_has_no_messages() {
        assertThat(read("never-saved")).isEmpty();
    }

    @Test
    void conversation_ids_list_the_conversations_that_have_messages() {
        save("a", new UserMessage("in a"));
        save("b", new UserMessage("in b"));
        save("c", new UserMessage("in c"));
        both(r -> {
            r.deleteByConversationId("b");
            return null;
        });
        save("c", new Message[0]);

        List<String> ids = both(r -> r.findConversationIds().stream().sorted().toList());
        assertThat(ids).containsExactly("a");
    }

    @Test
    void delete_removes_one_conversation_only() {
        save("keep", new UserMessage("stays"));
        save("drop", new UserMessage("goes"));
        both(r -> {
            r.deleteByConversationId("drop");
            return null;
        });

        assertThat(read("drop")).isEmpty();
        assertThat(read("keep")).extracting(Kept::text).containsExactly("stays");
    }

    @Test
    void a_message_window_chat_memory_works_the_same_on_both() {
        for (ChatMemoryRepository repository : List.<ChatMemoryRepository>of(jdbc, ours)) {
            MessageWindowChatMemory memory = MessageWindowChatMemory.builder().chatMemoryRepository(repository)
                    .maxMessages(3).build();
            memory.add("window", new SystemMessage("system prompt"));
            for (int i = 0; i < 5; i++) {
                memory.add("window", new UserMessage("question " + i));
            }
        }
        assertThat(read("window")).extracting(Kept::text)
                .containsExactly("system prompt", "question 3", "question 4");
    }

    @Test
    void bad_arguments_are_refused_as_the_jdbc_repository_refuses_them() {
        for (ChatMemoryRepository repository : List.<ChatMemoryRepository>of(jdbc, ours)) {
            assertThatThrownBy(() -> repository.findByConversationId("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("conversationId cannot be null or empty");
            assertThatThrownBy(() -> repository.saveAll("x", null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("messages cannot be null");
            List<Message> withNull = new ArrayList<>();
            withNull.add(null);
            assertThatThrownBy(() -> repository.saveAll("x", withNull)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("messages cannot contain null elements");
        }
        assertThatThrownBy(() -> ours.findByConversationId("not an identifier!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("letters, digits");
    }

    @Test
    void tool_responses_and_empty_assistant_texts_survive_which_the_jdbc_repository_cannot_read_back() {
        ToolResponseMessage tool = ToolResponseMessage.builder()
                .responses(List.of(new ToolResponseMessage.ToolResponse("call-1", "weather", "{\"temp\":21}"))).build();
        ours.saveAll("tools", List.of(new UserMessage("weather?"), new AssistantMessage(""), tool));

        List<Message> back = ours.findByConversationId("tools");

        assertThat(back).extracting(Message::getMessageType)
                .containsExactly(MessageType.USER, MessageType.ASSISTANT, MessageType.TOOL);
        assertThat(back.get(1).getText()).isEmpty();
        assertThat(((ToolResponseMessage) back.get(2)).getResponses()).isEqualTo(tool.getResponses());
    }

    @Test
    void tenants_have_their_own_conversations() {
        ours.saveAll("same-id", List.of(new UserMessage("mine")));
        AgentMemoryChatMemoryRepository other = AgentMemoryChatMemoryRepository.builder(store)
                .tenant("other" + TENANTS.incrementAndGet()).build();

        assertThat(other.findByConversationId("same-id")).isEmpty();
        assertThat(other.findConversationIds()).isEmpty();
    }

    @Test
    void concurrent_saves_of_one_conversation_leave_one_callers_list_never_a_mix() throws Exception {
        int threads = 8;
        int rounds = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger wholeReads = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean saving = new java.util.concurrent.atomic.AtomicBoolean(true);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        ours.saveAll("contended", List.of(new UserMessage("q from " + thread),
                                new AssistantMessage("a for " + thread), new UserMessage("end " + thread)));
                    }
                    return null;
                }));
            }
            Future<?> reader = pool.submit(() -> {
                start.await();
                while (saving.get()) {
                    List<Message> seen = ours.findByConversationId("contended");
                    if (!seen.isEmpty()) {
                        assertWholeList(seen);
                        wholeReads.incrementAndGet();
                    }
                }
                return null;
            });
            start.countDown();
            try {
                for (Future<?> f : futures) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                saving.set(false);
            }
            reader.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdown();
        }
        assertWholeList(ours.findByConversationId("contended"));
        assertThat(wholeReads.get()).as("reads that overlapped the saves").isPositive();
        assertThat(ours.findConversationIds()).containsExactly("contended");
    }

    private static void assertWholeList(List<Message> seen) {
        assertThat(seen).hasSize(3);
        String thread = seen.get(0).getText().substring("q from ".length());
        assertThat(seen).extracting(Message::getText).containsExactly("q from " + thread, "a for " + thread,
                "end " + thread);
    }
}
