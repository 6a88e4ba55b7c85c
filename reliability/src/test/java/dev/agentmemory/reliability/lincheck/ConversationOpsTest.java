package dev.agentmemory.reliability.lincheck;

import dev.agentmemory.Conversation;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.LinCheckerKt;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability (Lincheck, stress strategy) of conversation append, last and size on an
 * in-memory H2 store, against a list model: appends get consecutive numbers in commit order and
 * {@code last(n)} returns the newest n in order.
 */
@Param(name = "x", gen = IntGen.class, conf = "0:3")
@Timeout(300)
public class ConversationOpsTest {
    private static final MemoryStore STORE = MemoryStores.open("h2:mem:lincheck-conversation");
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private final Conversation conversation = STORE.conversation("lincheck", "s" + SESSIONS.incrementAndGet());

    @AfterAll
    static void close() {
        STORE.close();
    }

    /** Appends message {@code m<x>}; returns its number. */
    @Operation
    public long append(@Param(name = "x") int x) {
        return conversation.append("user", "m" + x).seq();
    }

    /** The last two messages as {@code seq:text}. */
    @Operation
    public List<String> last() {
        List<String> out = new ArrayList<>();
        for (Message m : conversation.last(2)) {
            out.add(m.seq() + ":" + m.text());
        }
        return out;
    }

    /** The number of messages. */
    @Operation
    public long size() {
        return conversation.size();
    }

    @Test
    void append_last_size_are_linearizable() {
        LinCheckerKt.check(new StressOptions().iterations(Integer.getInteger("reliability.lincheckIterations", 40))
                .invocationsPerIteration(30).threads(3).actorsPerThread(2).actorsBefore(1).actorsAfter(1)
                .sequentialSpecification(Model.class).minimizeFailedScenario(false), ConversationOpsTest.class);
    }

    /** Confined to Lincheck's sequential run: a list of messages. */
    public static class Model {
        private final List<String> messages = new ArrayList<>();

        /** Appends; returns the number. */
        public long append(int x) {
            messages.add("m" + x);
            return messages.size();
        }

        /** The last two. */
        public List<String> last() {
            List<String> out = new ArrayList<>();
            for (int i = Math.max(0, messages.size() - 2); i < messages.size(); i++) {
                out.add((i + 1) + ":" + messages.get(i));
            }
            return out;
        }

        /** The size. */
        public long size() {
            return messages.size();
        }
    }
}
