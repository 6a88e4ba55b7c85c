package dev.agentmemory.langchain4j;

import dev.agentmemory.Conversation;
import dev.agentmemory.Limits;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Message;
import dev.agentmemory.MessageDraft;
import dev.agentmemory.ValidationException;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Thread-safe: share one instance. A LangChain4j {@link ChatMemoryStore} that keeps each chat memory
 * as a {@link Conversation} of one tenant of a shared {@link MemoryStore}.
 *
 * <pre>{@code
 * ChatMemoryStore chats = AgentMemoryChatMemoryStore.builder().store(store).tenant("alice").build();
 * ChatMemory memory = MessageWindowChatMemory.builder().id(sessionId).maxMessages(20)
 *         .chatMemoryStore(chats).build();
 * }</pre>
 *
 * <p>Each {@link ChatMessage} is one stored message: its role is the message type in lower case
 * ({@code system}, {@code user}, {@code ai}, {@code tool_execution_result}, {@code custom}) and its
 * text is LangChain4j's own JSON for the message ({@link ChatMessageSerializer}), so tool calls,
 * names and multi-part contents survive. The memory id becomes the session id through
 * {@code toString()}, which must be an identifier (1 to 64 letters, digits, {@code _}, {@code -}
 * or {@code .}, starting with a letter or digit): a UUID, a user id or {@code "default"} all are.
 *
 * <p>{@link #updateMessages} replaces the whole conversation atomically, so concurrent updates of
 * one memory id leave one caller's list, never a mix. The store's lifecycle stays with the
 * caller. Core's exceptions pass through: {@code ValidationException} if a message is over the
 * store's content limit, {@code StorageException}, {@code StoreClosedException}.
 */
public final class AgentMemoryChatMemoryStore implements ChatMemoryStore {
    /** How many messages {@link #getMessages} reads by default: core's default page-size limit. */
    public static final int DEFAULT_MAX_MESSAGES = Limits.DEFAULTS.maxPageSize();

    private final MemoryStore store;
    private final String tenant;
    private final int maxMessages;

    private AgentMemoryChatMemoryStore(Builder builder) {
        this.store = Objects.requireNonNull(builder.store, "store");
        this.tenant = builder.tenant;
        this.maxMessages = builder.maxMessages;
        // Validates the tenant now, not at the first chat turn.
        store.conversation(tenant, "default");
    }

    /** A builder; set the store and the tenant. */
    public static Builder builder() {
        return new Builder();
    }

    /** The tenant whose conversations this store reads and writes. */
    public String tenant() {
        return tenant;
    }

    /**
     * The messages of a chat memory, oldest first: its last {@code maxMessages} (see
     * {@link Builder#maxMessages}); an unknown memory id has none.
     *
     * @throws IllegalArgumentException if the memory id is null or its {@code toString()} is not an identifier
     * @throws IllegalStateException if a stored message is not LangChain4j JSON (it was written by other code)
     */
    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        Conversation conversation = conversation(memoryId);
        List<Message> stored = conversation.last(maxMessages);
        List<ChatMessage> messages = new ArrayList<>(stored.size());
        for (Message m : stored) {
            try {
                messages.add(ChatMessageDeserializer.messageFromJson(m.text()));
            } catch (RuntimeException e) {
                throw new IllegalStateException("message " + m.seq() + " of conversation " + tenant + "/"
                        + conversation.sessionId() + " (role '" + m.role() + "') is not a LangChain4j chat message in"
                        + " JSON; it was not written by AgentMemoryChatMemoryStore. Keep LangChain4j sessions apart"
                        + " from other conversations, or clear this one with deleteMessages", e);
            }
        }
        return messages;
    }

    /**
     * Replaces every message of a chat memory with {@code messages}, atomically.
     *
     * @throws IllegalArgumentException if the memory id is invalid, or {@code messages} is null or holds a null
     */
    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        Conversation conversation = conversation(memoryId);
        if (messages == null) {
            throw new IllegalArgumentException("messages cannot be null; pass an empty list to keep no messages");
        }
        List<MessageDraft> drafts = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (message == null) {
                throw new IllegalArgumentException("message " + i + " is null; remove it from the list");
            }
            drafts.add(new MessageDraft(role(message), ChatMessageSerializer.messageToJson(message)));
        }
        conversation.replaceAll(drafts);
    }

    /**
     * Deletes every message of a chat memory.
     *
     * @throws IllegalArgumentException if the memory id is invalid
     */
    @Override
    public void deleteMessages(Object memoryId) {
        conversation(memoryId).clear();
    }

    /** The stored role of a message: its type in lower case, an identifier for every type. */
    static String role(ChatMessage message) {
        return message.type().name().toLowerCase(Locale.ROOT);
    }

    private Conversation conversation(Object memoryId) {
        if (memoryId == null) {
            throw new IllegalArgumentException("memoryId cannot be null; use the id of the chat memory, for"
                    + " example a user or session id");
        }
        String sessionId = memoryId.toString();
        if (sessionId == null || !Limits.IDENTIFIER_PATTERN.matcher(sessionId).matches()) {
            String shown = sessionId == null ? "null" : sessionId.length() > 80 ? sessionId.substring(0, 80) + "..." : sessionId;
            throw new IllegalArgumentException("memoryId '" + shown + "' (its toString()) cannot be a session id:"
                    + " use 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit, for example"
                    + " a UUID or a user id");
        }
        return store.conversation(tenant, sessionId);
    }

    /** Confined to the calling thread: builds an {@link AgentMemoryChatMemoryStore}. */
    public static final class Builder {
        private MemoryStore store;
        private String tenant;
        private int maxMessages = DEFAULT_MAX_MESSAGES;

        private Builder() {}

        /** The store to keep the conversations in; the caller opens and closes it. */
        public Builder store(MemoryStore memoryStore) {
            this.store = memoryStore;
            return this;
        }

        /** The tenant that owns the conversations; an identifier. */
        public Builder tenant(String tenantName) {
            this.tenant = tenantName;
            return this;
        }

        /**
         * How many of a conversation's last messages {@link #getMessages} returns, at most the
         * store's page-size limit ({@link #DEFAULT_MAX_MESSAGES} by default). LangChain4j's chat
         * memories write bounded windows, so this is a safety bound, not a window.
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
         * Builds the chat memory store.
         *
         * @throws NullPointerException if no store was set
         * @throws ValidationException if the tenant is not an identifier
         * @throws dev.agentmemory.StoreClosedException if the store is closed
         */
        public AgentMemoryChatMemoryStore build() {
            return new AgentMemoryChatMemoryStore(this);
        }
    }
}
