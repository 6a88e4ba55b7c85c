package dev.agentmemory.spi;

import dev.agentmemory.MemoryId;
import dev.agentmemory.Message;
import java.util.List;
import java.util.Optional;

/** Confined to the calling thread: reads of conversations. */
public interface ConversationReader {

    /** The message with this id, if stored. */
    Optional<Message> findMessage(String tenant, String sessionId, MemoryId messageId);

    /** The last {@code n} messages, oldest first. */
    List<Message> lastMessages(String tenant, String sessionId, int n);

    /**
     * Up to {@code limit} messages with a number above {@code afterSeq}, oldest first: a
     * conversation read in pages of any length.
     */
    List<Message> messages(String tenant, String sessionId, long afterSeq, int limit);

    /** The number of messages. */
    long countMessages(String tenant, String sessionId);
}
