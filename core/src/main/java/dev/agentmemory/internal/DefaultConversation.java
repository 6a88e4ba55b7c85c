package dev.agentmemory.internal;

import dev.agentmemory.Conversation;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Message;
import dev.agentmemory.MessageDraft;
import dev.agentmemory.ValidationException;
import dev.agentmemory.spi.StorageEngine;
import dev.agentmemory.spi.WriteSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Thread-safe: share one instance. A view of one conversation; holds names only.
 *
 * <p>An append advances the conversation's counter under its row lock and inserts the
 * messages with the numbers it got, in one transaction: appends are numbered in commit order
 * with no gaps (a rolled-back append rolls its numbers back too). Message ids are chosen
 * before the first attempt, so a retry after a lost reply finds the messages instead of
 * appending them twice.
 */
final class DefaultConversation implements Conversation {
    private final DefaultMemoryStore store;
    private final OperationPipeline pipeline;
    private final StorageEngine engine;
    private final String tenant;
    private final String session;
    private final String target;

    DefaultConversation(DefaultMemoryStore store, String tenant, String session) {
        this.store = store;
        this.pipeline = store.pipeline();
        this.engine = store.engine();
        this.tenant = tenant;
        this.session = session;
        this.target = tenant + "/" + session;
    }

    /** Messages resolved for an append, with the ids chosen for them before the first attempt. */
    private record Resolved(List<MessageDraft> drafts, List<MemoryId> ids) {}

    private Resolved resolve(List<MessageDraft> messages) {
        store.validator().messages(messages);
        List<MessageDraft> copy = List.copyOf(messages);
        return new Resolved(copy, StoreOperations.newIds(copy.size()));
    }

    @Override
    public String tenant() {
        return tenant;
    }

    @Override
    public String sessionId() {
        return session;
    }

    @Override
    public Message append(String role, String text) {
        return appendAll(List.of(new MessageDraft(role, text))).get(0);
    }

    @Override
    public List<Message> appendAll(List<MessageDraft> messages) {
        return pipeline.run(Operation.APPEND, target, () -> resolve(messages),
                (r, retry) -> store.puts().write((s, again) -> append(s, r.drafts(), r.ids(), again), retry));
    }

    private List<Message> append(WriteSession s, List<MessageDraft> drafts, List<MemoryId> ids, boolean retry) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        if (retry) {
            Optional<Message> first = s.findMessage(tenant, session, ids.get(0));
            if (first.isPresent()) {
                // The earlier attempt committed, all of it (one transaction): return what it stored.
                List<Message> stored = new ArrayList<>(ids.size());
                for (MemoryId id : ids) {
                    stored.add(s.findMessage(tenant, session, id).orElseThrow());
                }
                return stored;
            }
        }
        long last = s.advanceConversation(tenant, session, drafts.size());
        Instant now = store.ops().now();
        List<Message> out = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            MessageDraft d = drafts.get(i);
            out.add(new Message(last - drafts.size() + 1 + i, ids.get(i), d.role(), d.text(), now));
        }
        s.insertMessages(tenant, session, out);
        return out;
    }

    @Override
    public List<Message> last(int n) {
        return pipeline.run(Operation.LAST, target, () -> store.validator().lastN(n),
                () -> engine.read(s -> s.lastMessages(tenant, session, n)));
    }

    @Override
    public List<Message> read(long afterSeq, int limit) {
        return pipeline.run(Operation.READ, target, () -> {
            if (afterSeq < 0) {
                throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "afterSeq is " + afterSeq
                        + "; messages are numbered from 1, start at 0");
            }
            if (limit < 1 || limit > store.validator().limits().maxPageSize()) {
                throw new ValidationException(ErrorCode.LIMIT_EXCEEDED, "limit is " + limit + ", it must be between 1"
                        + " and " + store.validator().limits().maxPageSize() + "; read longer conversations page by page");
            }
        }, () -> engine.read(s -> s.messages(tenant, session, afterSeq, limit)));
    }

    @Override
    public int restore(List<Message> messages) {
        return pipeline.run(Operation.RESTORE, target, () -> {
            if (messages == null) {
                throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "messages is null");
            }
            List<MessageDraft> drafts = new ArrayList<>(messages.size());
            for (Message m : messages) {
                drafts.add(m == null ? null : new MessageDraft(m.role(), m.text()));
            }
            store.validator().messages(drafts);
            for (int i = 0; i < messages.size(); i++) {
                Validator.instant("message " + i + " createdAt", messages.get(i).createdAt());
            }
            return List.copyOf(messages);
        }, (valid, retry) -> engine.write(s -> Restorer.messages(s, tenant, session, valid)));
    }

    @Override
    public long size() {
        return pipeline.run(Operation.SIZE, target, () -> { }, () -> engine.read(s -> s.countMessages(tenant, session)));
    }

    @Override
    public List<Message> replaceAll(List<MessageDraft> messages) {
        return pipeline.run(Operation.REPLACE_ALL, target, () -> resolve(messages), (r, retry) -> engine.write(s -> {
            if (retry && !r.drafts().isEmpty() && s.findMessage(tenant, session, r.ids().get(0)).isPresent()) {
                return append(s, r.drafts(), r.ids(), true);
            }
            s.clearConversation(tenant, session);
            return append(s, r.drafts(), r.ids(), false);
        }));
    }

    @Override
    public long clear() {
        return pipeline.run(Operation.CLEAR, target, () -> { },
                () -> engine.write(s -> s.clearConversation(tenant, session)));
    }

    @Override
    public String toString() {
        return "Conversation[" + target + " in " + store.describe() + "]";
    }
}
