package dev.agentmemory.spring.ai.internal;

import dev.agentmemory.Message;
import dev.agentmemory.MessageDraft;
import java.util.List;
import java.util.Locale;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.util.json.JsonParser;
import tools.jackson.core.type.TypeReference;

/**
 * Thread-safe: static methods only. Translates Spring AI chat messages to stored messages and back.
 *
 * <p>The stored role is the message type in lower case ({@code user}, {@code assistant},
 * {@code system}, {@code tool}) and the text is the message's text, as Spring AI's JDBC
 * repository keeps them, so people and other tools can read the conversation. Two additions:
 * a tool message's responses are kept as JSON (the JDBC repository cannot read them back), and
 * an empty text (an assistant message that only calls tools) is stored under the role
 * {@code <type>.empty} because the store refuses empty messages.
 */
public final class MessageCodec {
    static final String EMPTY_SUFFIX = ".empty";
    private static final String EMPTY_TEXT = "-";
    private static final TypeReference<List<ToolResponseMessage.ToolResponse>> RESPONSES = new TypeReference<>() {};

    private MessageCodec() {}

    /** The draft for a Spring AI message. */
    public static MessageDraft toDraft(org.springframework.ai.chat.messages.Message message) {
        String role = message.getMessageType().name().toLowerCase(Locale.ROOT);
        String text = message instanceof ToolResponseMessage tool
                ? JsonParser.toJson(tool.getResponses())
                : message.getText();
        return text == null || text.isEmpty()
                ? new MessageDraft(role + EMPTY_SUFFIX, EMPTY_TEXT)
                : new MessageDraft(role, text);
    }

    /**
     * The Spring AI message for a stored one.
     *
     * @throws IllegalStateException if the role is not one this codec writes
     */
    public static org.springframework.ai.chat.messages.Message fromStored(Message stored) {
        boolean empty = stored.role().endsWith(EMPTY_SUFFIX);
        String role = empty ? stored.role().substring(0, stored.role().length() - EMPTY_SUFFIX.length()) : stored.role();
        String text = empty ? "" : stored.text();
        MessageType type;
        try {
            type = MessageType.valueOf(role.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("message " + stored.seq() + " has the role '" + stored.role() + "', which"
                    + " is not a Spring AI message type; it was not written by AgentMemoryChatMemoryRepository. Keep"
                    + " Spring AI conversations apart from others, or delete this one", e);
        }
        return switch (type) {
            case USER -> UserMessage.builder().text(text).build();
            case ASSISTANT -> AssistantMessage.builder().content(text).build();
            case SYSTEM -> SystemMessage.builder().text(text).build();
            case TOOL -> ToolResponseMessage.builder()
                    .responses(empty ? List.of() : JsonParser.fromJson(text, RESPONSES))
                    .build();
        };
    }
}
