package dev.agentmemory.spring.ai;

import dev.agentmemory.Conversation;
import dev.agentmemory.Limits;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MessageDraft;
import dev.agentmemory.Namespace;
import dev.agentmemory.Page;
import dev.agentmemory.ListQuery;
import dev.agentmemory.spring.ai.internal.MessageCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.Message;

/**
 * Thread-safe: share one instance. A Spring AI {@link ChatMemoryRepository} that keeps each
 * conversation as a {@link Conversation} of one tenant of a shared {@link MemoryStore}.
 *
 * <pre>{@code
 * ChatMemoryRepository chats = AgentMemoryChatMemoryRepository.builder(store).tenant("alice").build();
 * ChatMemory memory = MessageWindowChatMemory.builder().chatMemoryRepository(chats).maxMessages(20).build();
 * }</pre>
 *
 * <p>It behaves as Spring AI's JDBC repository: {@link #saveAll} replaces the conversation's
 * messages (atomically: concurrent saves leave one caller's list, never a mix), an empty list
 * leaves none, reads return the messages in order, and {@link #findConversationIds} lists the
 * conversations that have messages. Messages keep their type and text (see
 * {@code docs/SPRING_AI.md}). Conversation ids must be identifiers (1 to 64 letters, digits,
 * {@code _}, {@code -} or {@code .}, starting with a letter or digit): a UUID, a user id or
 * Spring AI's {@code default} all are.
 *
 * <p>Conversation ids are listed from a small index in the namespace {@value #INDEX_NAMESPACE}
 * of the tenant, one memory per conversation ever saved. The store's lifecycle stays with the caller.
 */
public final class AgentMemoryChatMemoryRepository implements ChatMemoryRepository {
    /** The namespace that lists the tenant's conversations. */
    public static final String INDEX_NAMESPACE = "springai.conversations";
    /** How many of a conversation's last messages a read returns by default: core's page-size limit. */
    public static final int DEFAULT_MAX_MESSAGES = Limits.DEFAULTS.maxPageSize();

    private static final String ID_KEY = "conversation";
    /** The index's entries are found by metadata, never by similarity: one fixed component is enough. */
    private static final float[] INDEX_VECTOR = {1f};

    private final MemoryStore store;
    private final String tenant;
    private final int maxMessages;
    private final Namespace index;

    private AgentMemoryChatMemoryRepository(Builder builder) {
        this.store = builder.store;
        this.tenant = builder.tenant;
        this.maxMessages = builder.maxMessages;
        this.index = store.namespace(tenant, INDEX_NAMESPACE);
    }

    /**
     * A builder over {@code store}, which the caller opens and closes.
     *
     * @throws NullPointerException if the store is null
     */
    public static Builder builder(MemoryStore store) {
        return new Builder(store);
    }

    /** The tenant whose conversations this repository reads and writes. */
    public String tenant() {
        return tenant;
    }

    /** The ids of the conversations that have messages, in the order they were first saved. */
    @Override
    public List<String> findConversationIds() {
        List<String> ids = new ArrayList<>();
        ListQuery query = ListQuery.first(Math.min(ListQuery.DEFAULT_LIMIT, Limits.DEFAULTS.maxPageSize()));
        while (true) {
            Page<Memory> page = index.list(query);
            for (Memory entry : page.items()) {
                String id = entry.content();
                if (store.conversation(tenant, id).size() > 0) {
                    ids.add(id);
                }
            }
            Optional<String> next = page.nextCursor();
            if (next.isEmpty()) {
                return ids;
            }
            query = query.after(next.get());
        }
    }

    /**
     * The messages of a conversation, oldest first (its last {@link Builder#maxMessages}); an
     * unknown id has none.
     *
     * @throws IllegalArgumentException if the id is blank or not an identifier
     * @throws IllegalStateException if a stored message was not written by this repository
     */
    @Override
    public List<Message> findByConversationId(String conversationId) {
        List<Message> messages = new ArrayList<>();
        for (dev.agentmemory.Message stored : conversation(conversationId).last(maxMessages)) {
            messages.add(MessageCodec.fromStored(stored));
        }
        return messages;
    }

    /**
     * Replaces every message of a conversation with {@code messages}, atomically; an empty list
     * leaves none.
     *
     * @throws IllegalArgumentException if the id is blank or not an identifier, or {@code messages}
     *     is null or holds a null ("messages cannot contain null elements", as the JDBC repository says)
     */
    @Override
    public void saveAll(String conversationId, List<Message> messages) {
        Conversation conversation = conversation(conversationId);
        if (messages == null) {
            throw new IllegalArgumentException("messages cannot be null");
        }
        List<MessageDraft> drafts = new ArrayList<>(messages.size());
        for (Message message : messages) {
            if (message == null) {
                throw new IllegalArgumentException("messages cannot contain null elements");
            }
            drafts.add(MessageCodec.toDraft(message));
        }
        if (drafts.isEmpty()) {
            conversation.clear();
            return;
        }
        // Listed before the messages exist and never unlisted, so a listing cannot miss a
        // conversation that has messages whatever saves and deletes run beside it. The index
        // deduplicates by content: saving again adds nothing.
        index.put(MemoryDraft.of(conversationId).embedding(INDEX_VECTOR).metadata(ID_KEY, conversationId));
        conversation.replaceAll(drafts);
    }

    /**
     * Deletes every message of a conversation.
     *
     * @throws IllegalArgumentException if the id is blank or not an identifier
     */
    @Override
    public void deleteByConversationId(String conversationId) {
        conversation(conversationId).clear();
    }

    private Conversation conversation(String conversationId) {
        if (conversationId == null || conversationId.isBlank()) {
            throw new IllegalArgumentException("conversationId cannot be null or empty");
        }
        if (!Limits.IDENTIFIER_PATTERN.matcher(conversationId).matches()) {
            String shown = conversationId.length() > 80 ? conversationId.substring(0, 80) + "..." : conversationId;
            throw new IllegalArgumentException("conversationId '" + shown + "' cannot be a session id: use 1 to 64"
                    + " letters, digits, '_', '-' or '.', starting with a letter or digit, for example a UUID or a"
                    + " user id");
        }
        return store.conversation(tenant, conversationId);
    }

    /** Confined to the calling thread: builds an {@link AgentMemoryChatMemoryRepository}. */
    public static final class Builder {
        private final MemoryStore store;
        private String tenant = "default";
        private int maxMessages = DEFAULT_MAX_MESSAGES;

        private Builder(MemoryStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The tenant that owns the conversations (default {@code default}); an identifier. */
        public Builder tenant(String tenantName) {
            this.tenant = tenantName;
            return this;
        }

        /**
         * How many of a conversation's last messages a read returns, at most the store's
         * page-size limit. Spring AI's chat memories write bounded windows, so this is a safety
         * bound, not a window.
         *
         * @throws IllegalArgumentException if {@code n} is not positive
         */
        public Builder maxMessages(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxMessages is " + n + "; use a positive number, at most the"
                        + " store's page-size limit (" + DEFAULT_MAX_MESSAGES + " by default)");
            }
            this.maxMessages = n;
            return this;
        }

        /**
         * Builds the repository.
         *
         * @throws dev.agentmemory.ValidationException if the tenant is not an identifier
         * @throws dev.agentmemory.StoreClosedException if the store is closed
         */
        public AgentMemoryChatMemoryRepository build() {
            return new AgentMemoryChatMemoryRepository(this);
        }
    }
}
