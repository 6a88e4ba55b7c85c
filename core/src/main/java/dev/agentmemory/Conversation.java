package dev.agentmemory;

import java.util.List;

/**
 * Thread-safe: share one instance. A view of one conversation (a chat session) of one tenant:
 * an ordered list of messages.
 *
 * <p>Getting one from {@link MemoryStore#conversation} is cheap and creates nothing; the
 * conversation comes into being with its first message. Appends from many threads at once
 * are ordered by their commits: every message gets the next number, with no gaps and no
 * duplicates, and a retried append (after a lost connection) is stored once.
 *
 * <p>Every method throws {@link StoreClosedException} once the store is closed and
 * {@link StorageException} when the backend fails after the store's retries.
 */
public interface Conversation {

    /** The tenant. */
    String tenant();

    /** The session id. */
    String sessionId();

    /**
     * Appends one message.
     *
     * @return the message as stored, with its number
     * @throws ValidationException if the role is not an identifier or the text is empty or too long
     */
    Message append(String role, String text);

    /**
     * Appends several messages atomically, with consecutive numbers.
     *
     * @return the messages as stored, in order
     * @throws ValidationException if any message is invalid or there are more than
     *     {@link Limits#maxBatchSize()}; nothing is stored
     */
    List<Message> appendAll(List<MessageDraft> messages);

    /**
     * The last {@code n} messages, oldest first.
     *
     * @throws ValidationException if {@code n} is not between 1 and {@link Limits#maxPageSize()}
     */
    List<Message> last(int n);

    /**
     * Up to {@code limit} messages numbered above {@code afterSeq}, oldest first: a conversation
     * of any length is read in full page by page, starting at 0 and going on after the last
     * number read.
     *
     * @throws ValidationException if {@code afterSeq} is negative or {@code limit} is not between
     *     1 and {@link Limits#maxPageSize()}
     */
    List<Message> read(long afterSeq, int limit);

    /**
     * Restores messages as they were exported: their ids, roles, texts and times are kept, and
     * they are numbered after the messages held, in the order given. For importing data.
     * Idempotent by id: messages whose id the conversation holds are skipped.
     *
     * @return the number written
     * @throws ValidationException if a message is invalid or there are more than
     *     {@link Limits#maxBatchSize()}; nothing is written
     */
    int restore(List<Message> messages);

    /** The number of messages. */
    long size();

    /**
     * Replaces every message with {@code messages} atomically (numbering starts again at 1).
     *
     * @return the messages as stored
     * @throws ValidationException if any message is invalid; nothing changes
     */
    List<Message> replaceAll(List<MessageDraft> messages);

    /**
     * Deletes every message.
     *
     * @return the number deleted
     */
    long clear();
}
