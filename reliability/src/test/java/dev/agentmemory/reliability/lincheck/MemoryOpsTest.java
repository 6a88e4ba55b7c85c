package dev.agentmemory.reliability.lincheck;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import java.util.HashMap;
import java.util.Map;
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
 * Linearizability (Lincheck, stress strategy) of put with chosen ids (idempotent retry, or
 * ALREADY_EXISTS for other content), get, getAll, delete and count on one namespace of an in-memory SQLite
 * store, against {@link Model}, a sequential model of the documented semantics. Each scenario runs
 * on a fresh namespace of one shared store. A second test checks the same store against a wrong
 * model and expects Lincheck to object, so the check can fail. Delete is among the operations: it
 * found a bug once (a chosen id put again after a delete could not be deleted a second time, its
 * earlier tombstone holding the key), since fixed.
 */
@Param(name = "key", gen = IntGen.class, conf = "0:2")
@Param(name = "variant", gen = IntGen.class, conf = "0:1")
@Timeout(300)
public class MemoryOpsTest {
    private static final MemoryStore STORE = MemoryStores.open("sqlite::memory:");
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private final Namespace ns = STORE.namespace("lincheck", "n" + NAMESPACES.incrementAndGet());
    private final MemoryId[] ids = {MemoryId.generate(), MemoryId.generate(), MemoryId.generate()};

    @AfterAll
    static void close() {
        STORE.close();
    }

    /** Puts content {@code k<key>v<variant>} under the key's id: "ok" or the error code. */
    @Operation
    public String put(@Param(name = "key") int key, @Param(name = "variant") int variant) {
        try {
            ns.put(MemoryDraft.of("k" + key + "v" + variant).embedding(new float[] {1f, key, variant}).id(ids[key]));
            return "ok";
        } catch (MemoryStoreException e) {
            return e.code().name();
        }
    }

    /** The content under the key's id, or "none". */
    @Operation
    public String get(@Param(name = "key") int key) {
        return ns.get(ids[key]).map(m -> m.content()).orElse("none");
    }

    /** How many of the three keys' memories one getAll snapshot holds. */
    @Operation
    public int getAll() {
        return ns.getAll(java.util.List.of(ids)).size();
    }

    /** Deletes the key's memory. */
    @Operation
    public boolean delete(@Param(name = "key") int key) {
        return ns.delete(ids[key]);
    }

    /** The number of memories. */
    @Operation
    public long count() {
        return ns.count();
    }

    @Test
    void put_get_getAll_delete_count_are_linearizable() {
        LinCheckerKt.check(options(Model.class), MemoryOpsTest.class);
    }

    @Test
    void a_wrong_model_is_caught() {
        assertThatThrownBy(() -> LinCheckerKt.check(options(WrongModel.class), MemoryOpsTest.class))
                .isInstanceOf(AssertionError.class);
    }

    private static StressOptions options(Class<?> model) {
        return new StressOptions().iterations(Integer.getInteger("reliability.lincheckIterations", 40))
                .invocationsPerIteration(30).threads(2).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .sequentialSpecification(model).minimizeFailedScenario(false);
    }

    /** Confined to Lincheck's sequential run: the documented semantics of the four operations. */
    public static class Model {
        protected final Map<Integer, String> live = new HashMap<>();

        /** A chosen id holding other content is ALREADY_EXISTS; the same content is an idempotent retry. */
        public String put(int key, int variant) {
            String content = "k" + key + "v" + variant;
            String held = live.get(key);
            if (held == null) {
                live.put(key, content);
                return "ok";
            }
            return held.equals(content) ? "ok" : "ALREADY_EXISTS";
        }

        /** The content, or "none". */
        public String get(int key) {
            return live.getOrDefault(key, "none");
        }

        /** How many are live. */
        public int getAll() {
            return live.size();
        }

        /** True if it was there. */
        public boolean delete(int key) {
            return live.remove(key) != null;
        }

        /** The number live. */
        public long count() {
            return live.size();
        }
    }

    /** Confined to Lincheck's sequential run: a model that forgets the ALREADY_EXISTS rule. */
    public static class WrongModel extends Model {
        @Override
        public String put(int key, int variant) {
            live.putIfAbsent(key, "k" + key + "v" + variant);
            return "ok";
        }
    }
}
