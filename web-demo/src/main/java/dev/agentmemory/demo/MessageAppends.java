package dev.agentmemory.demo;

import dev.agentmemory.Conversation;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Message;
import dev.agentmemory.Namespace;
import dev.agentmemory.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Thread-safe: share one instance. Appends chat messages, once per {@code Idempotency-Key}.
 *
 * <p>The library has no chosen id for a message and no transaction spanning a conversation and a
 * namespace, so a key is kept as a <em>record</em>, a memory in the reserved namespace
 * {@value #RECORDS} whose id is derived from (tenant, session, key). Under a lock on the
 * session, the record is written <em>pending</em> with the number the message will get (the
 * conversation's size + 1; every append of this server takes the same lock, so nothing else can
 * take that number), then the message is appended, then the record is marked <em>done</em> with
 * the message's id and time. A retry reads the record: done, it answers the stored message;
 * pending (the first attempt stopped in between), it reads the message at that number and
 * answers it if its role and text digest match, or appends now if it is not there.
 */
final class MessageAppends {

    /** The namespace of the records; the API refuses it as a user namespace. */
    static final String RECORDS = "demo.idempotency";

    private static final float[] NO_EMBEDDING = {1f}; // records are never searched: skip the embedder
    private static final int STRIPES = 256;

    private final MemoryStore store;
    private final FaultHook faults;
    private final int maxLast;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    MessageAppends(MemoryStore store, FaultHook faults, int maxLast) {
        this.store = store;
        this.faults = faults;
        this.maxLast = maxLast;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * Appends one message, or with a key already used for this session answers the message that
     * key appended.
     *
     * @throws ApiException 409 {@code IDEMPOTENCY_KEY_REUSED} if the key appended another message
     */
    Message append(String tenant, String session, String role, String text, Optional<String> key) {
        Conversation c = store.conversation(tenant, session);
        ReentrantLock lock = stripes[Math.floorMod((tenant + '\u0000' + session).hashCode(), STRIPES)];
        lock.lock();
        try {
            if (key.isEmpty()) {
                Message m = c.append(role, text);
                faults.afterCommit("message " + m.id());
                return m;
            }
            return appendOnce(c, role, text, key.get());
        } finally {
            lock.unlock();
        }
    }

    private Message appendOnce(Conversation c, String role, String text, String key) {
        Namespace records = store.namespace(c.tenant(), RECORDS);
        MemoryId id = IdempotencyKeys.messageRecordId(c.tenant(), c.sessionId(), key);
        String digest = digest(role, text);
        Optional<Memory> found = records.get(id);
        Memory pending;
        if (found.isPresent()) {
            Map<String, String> r = parse(found.get().content());
            if (!digest.equals(r.get("sha"))) {
                throw IdempotencyKeys.reused(key, "another message in conversation '" + c.sessionId() + "'");
            }
            if ("done".equals(r.get("state"))) {
                return new Message(Long.parseLong(r.get("seq")), MemoryId.parse(r.get("message")), role, text,
                        Instant.parse(r.get("at")));
            }
            long seq = Long.parseLong(r.get("seq"));
            Optional<Message> landed = messageAt(c, seq, key);
            if (landed.isPresent() && landed.get().role().equals(role) && landed.get().text().equals(text)) {
                records.update(id, found.get().version(), record(id, done(seq, digest, landed.get())));
                return landed.get();
            }
            // The first attempt stopped before its append committed: append now, under a new number.
            pending = records.update(id, found.get().version(), record(id, pending(c, digest)));
        } else {
            pending = records.get(records.put(record(id, pending(c, digest)).id(id))).orElseThrow();
        }
        Message m;
        try {
            m = c.append(role, text);
        } catch (ValidationException e) {
            records.delete(id); // the message is invalid: keep no record of it
            throw e;
        }
        faults.afterCommit("message " + m.id());
        records.update(id, pending.version(), record(id, done(m.seq(), digest, m)));
        return m;
    }

    /** The message numbered {@code seq}, if the conversation has one. */
    private Optional<Message> messageAt(Conversation c, long seq, String key) {
        long size = c.size();
        if (seq > size) {
            return Optional.empty();
        }
        long back = size - seq + 1;
        if (back > maxLast) {
            throw new ApiException(409, "IDEMPOTENCY_KEY_UNVERIFIABLE", "the request with header '"
                    + IdempotencyKeys.HEADER + "' value '" + MemoryApi.abbreviate(key) + "' stopped before it"
                    + " finished, and " + (back - 1) + " messages were appended since; it cannot be checked any more."
                    + " Read the conversation, and append again with a new key if the message is missing");
        }
        List<Message> tail = c.last((int) back);
        Message first = tail.get(0);
        return first.seq() == seq ? Optional.of(first) : Optional.empty();
    }

    private static MemoryDraft record(MemoryId id, String content) {
        // The record's own id in the content keeps every record's content unique, so the
        // namespace's exact deduplication never answers one key's put with another key's record.
        return MemoryDraft.of("key=" + id + " " + content).embedding(NO_EMBEDDING);
    }

    private static String pending(Conversation c, String digest) {
        return "state=pending seq=" + (c.size() + 1) + " sha=" + digest;
    }

    private static String done(long seq, String digest, Message m) {
        return "state=done seq=" + seq + " sha=" + digest + " message=" + m.id() + " at=" + m.createdAt();
    }

    private static Map<String, String> parse(String content) {
        Map<String, String> out = new HashMap<>();
        for (String part : content.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }

    private static String digest(String role, String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(role.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
