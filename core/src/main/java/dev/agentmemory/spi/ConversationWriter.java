package dev.agentmemory.spi;

import dev.agentmemory.Message;
import java.util.List;

/** Confined to the calling thread: writes of conversations. Only a {@link WriteSession} has them. */
public interface ConversationWriter {

    /**
     * Adds {@code count} to the conversation's message counter, creating the conversation if
     * needed, and returns the new value, locking the conversation's row until the transaction
     * ends, which orders appends by commit.
     *
     * @throws IllegalArgumentException if {@code count} is less than 1
     */
    long advanceConversation(String tenant, String sessionId, int count);

    /** Inserts messages (their seq already assigned). */
    void insertMessages(String tenant, String sessionId, List<Message> messages);

    /** Deletes every message and the conversation's counter; returns the number of messages deleted. */
    long clearConversation(String tenant, String sessionId);
}
