package dev.agentmemory.reliability.lincheck;

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
 * Linearizability (Lincheck, stress strategy) of put with chosen ids, get, delete and count on one
 * namespace of an in-memory SQLite store, against {@link Model}, a sequential model of the
 * documented semantics. Each scenario runs on a fresh namespace of one shared store.
 *
 * <p>It found a bug (not a concurrency one), since fixed: a chosen id put again after a delete
 * could not be deleted a second time, because its earlier tombstone held the key. Lincheck's
 * shortest report was put(1) ok, delete(1) true, put(1) ok, delete(1) fails.
 */
@Param(name = "key", gen = IntGen.class, conf = "0:2")
@Param(name = "variant", gen = IntGen.class, conf = "0:1")
@Timeout(300)
public class MemoryOpsWithDeleteTest {
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
    void put_get_delete_count_are_linearizable() {
        LinCheckerKt.check(options(Model.class), MemoryOpsWithDeleteTest.class);
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

        /** True if it was there. */
        public boolean delete(int key) {
            return live.remove(key) != null;
        }

        /** The number live. */
        public long count() {
            return live.size();
        }
    }
}
