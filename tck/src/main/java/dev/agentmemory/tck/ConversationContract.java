package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Conversation;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.Message;
import dev.agentmemory.MessageDraft;
import dev.agentmemory.tck.support.Overlap;
import dev.agentmemory.tck.support.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: conversation memory. Messages are numbered
 * in the order their appends commit, with no gaps and no duplicates, however many threads
 * append at once.
 */
public interface ConversationContract extends StoreFixture {

    @Test
    default void append_and_read_the_last_messages_in_order() {
        Conversation chat = store().conversation(newTenant(), "session-1");
        chat.append("system", "You are terse.");
        chat.append("user", "Hi");
        chat.appendAll(List.of(new MessageDraft("assistant", "Hello."), new MessageDraft("user", "Bye")));

        assertThat(chat.size()).isEqualTo(4);
        assertThat(chat.last(2)).extracting(Message::role, Message::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("assistant", "Hello."),
                        org.assertj.core.groups.Tuple.tuple("user", "Bye"));
        assertThat(chat.last(100)).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(store().conversation(chat.tenant(), "session-2").last(10)).isEmpty();
        assertThat(store().conversation(newTenant(), "session-1").last(10)).as("another tenant").isEmpty();
    }

    @Test
    default void concurrent_appends_are_numbered_in_commit_order_without_gaps_or_duplicates() {
        Overlap overlap = new Overlap();
        // Rounds repeat (up to ten) until two appends were in flight together: a very fast engine
        // may finish each append before the next thread starts.
        for (int round = 0; round == 0 || (overlap.most() < 2 && round < 10); round++) {
            appendRound(store().conversation(newTenant(), "busy"), overlap);
        }
        assertThat(overlap.most()).as("appends in flight at once: the race happened").isGreaterThanOrEqualTo(2);
    }

    private void appendRound(Conversation chat, Overlap overlap) {
        int threads = 16;
        int each = 25;
        Map<Long, String> bySeq = new ConcurrentHashMap<>();
        Map<String, List<Long>> perWorker = new ConcurrentHashMap<>();
        Workers.run("append", threads, Duration.ofSeconds(90), worker -> {
            List<Long> mine = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                String text = "w" + worker + " #" + i;
                Message m = overlap.during(() -> chat.append("user", text));
                assertThat(bySeq.putIfAbsent(m.seq(), m.text())).as("seq %d given twice", m.seq()).isNull();
                mine.add(m.seq());
            }
            perWorker.put("w" + worker, mine);
        });
        long total = (long) threads * each;
        assertThat(chat.size()).isEqualTo(total);
        List<Message> all = chat.last((int) Math.min(total, 1000));
        assertThat(all).extracting(Message::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        assertThat(all).allSatisfy(m -> assertThat(bySeq.get(m.seq())).isEqualTo(m.text()));
        // Each thread's own appends were acknowledged in order, so their numbers grow.
        perWorker.values().forEach(seqs -> assertThat(seqs).isSorted());
    }

    @Test
    default void replace_all_and_clear() {
        Conversation chat = store().conversation(newTenant(), "replace");
        chat.appendAll(List.of(new MessageDraft("user", "one"), new MessageDraft("assistant", "two")));
        List<Message> replaced = chat.replaceAll(List.of(new MessageDraft("system", "summary")));
        assertThat(replaced).extracting(Message::seq).containsExactly(1L);
        assertThat(chat.last(10)).extracting(Message::text).containsExactly("summary");
        assertThat(chat.clear()).isEqualTo(1);
        assertThat(chat.size()).isZero();
        assertThat(chat.append("user", "again").seq()).isEqualTo(1);
    }

    @Test
    default void invalid_messages_are_refused_and_nothing_is_appended() {
        Conversation chat = store().conversation(newTenant(), "strict");
        chat.append("user", "ok");
        assertRejected(store(), ErrorCode.INVALID_IDENTIFIER, "append", () -> chat.append("no such role!", "x"));
        assertRejected(store(), ErrorCode.INVALID_ARGUMENT, "append", () -> chat.append("user", ""));
        assertRejected(store(), ErrorCode.INVALID_IDENTIFIER, "append",
                () -> chat.appendAll(List.of(new MessageDraft("user", "fine"), new MessageDraft(null, "x"))));
        assertRejected(store(), ErrorCode.LIMIT_EXCEEDED, "last", () -> chat.last(0));
        assertThat(chat.size()).isEqualTo(1);
        assertRejected(store(), ErrorCode.INVALID_IDENTIFIER, "conversation",
                () -> store().conversation(chat.tenant(), "bad id"));
    }
}
