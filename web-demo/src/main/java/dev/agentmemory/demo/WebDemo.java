package dev.agentmemory.demo;

import dev.agentmemory.Embedder;
import dev.agentmemory.Limits;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.embeddings.onnx.MicroBatchingEmbedder;
import dev.agentmemory.embeddings.onnx.MiniLmEmbedder;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe: one per JVM. The web demo's entry point: opens one {@link MemoryStore} with
 * local MiniLM embeddings, serves it to every request thread, and on SIGTERM (or Ctrl-C) stops
 * the server gracefully and closes the store.
 *
 * <p>Run it with {@code mvn -q -Pdemo -DskipTests package} from the repository root; the flags
 * are in {@link DemoSettings}.
 */
public final class WebDemo {

    /**
     * The demo's limits: smaller than the library's defaults, because they bound what one HTTP
     * request may cost. 4,000 chars of text (a note is short; MiniLM reads about 90 words anyway),
     * 16 metadata entries, topK 50, pages of 100.
     */
    static final Limits LIMITS = new Limits(4_000, 16, 512, Limits.DEFAULTS.maxDimension(), 50, 100, 100);

    private static final Logger LOG = LoggerFactory.getLogger(WebDemo.class);

    private WebDemo() {}

    /**
     * Starts the demo and returns; the server's threads keep the JVM alive until SIGTERM.
     *
     * @param args see {@link DemoSettings}
     */
    public static void main(String[] args) {
        DemoSettings settings;
        try {
            settings = DemoSettings.from(args, System.getenv());
        } catch (IllegalArgumentException | IOException e) {
            PrintStream err = System.err;
            if (!"usage".equals(e.getMessage())) {
                err.println("web-demo: " + e.getMessage());
            }
            err.println(DemoSettings.usage());
            System.exit(2);
            return;
        }
        MemoryStore store = openStore(settings);
        DemoServer server;
        try {
            server = new DemoServer(store, settings.keys(), FaultHook.fromSystemProperties()).start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(server, store, settings), "web-demo-shutdown"));
        exitCleanlyOn("TERM");
        exitCleanlyOn("INT");
        printBanner(settings, store, server.port());
    }

    /**
     * SIGTERM and Ctrl-C are how a person or a supervisor asks the demo to stop, so a stop that
     * finished its requests and closed its store exits 0 rather than the JVM's default 143/130.
     * {@code System.exit} runs the shutdown hook, which does the graceful part.
     */
    @SuppressWarnings("removal")
    private static void exitCleanlyOn(String signal) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> System.exit(0));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debug("cannot handle SIG{} here ({}); the JVM's default applies", signal, e.getMessage());
        }
    }

    static MemoryStore openStore(DemoSettings settings) {
        StoreConfig.Builder config = StoreConfig.builder(settings.storeUri())
                .embedder(embedder(settings))
                .limits(LIMITS);
        settings.storeProperties().forEach(config::property);
        return MemoryStores.open(config.build());
    }

    /**
     * The model, or the model behind this JVM's one micro-batcher: like the model, the batcher is
     * shared by every store the JVM opens (tests open several), made on first use.
     */
    static Embedder embedder(DemoSettings settings) {
        return settings.embedBatching() ? SharedBatcher.INSTANCE : MiniLmEmbedder.shared();
    }

    /** Initialised on first use, so a demo with batching off never starts the dispatcher thread. */
    private static final class SharedBatcher {
        static final MicroBatchingEmbedder INSTANCE = MicroBatchingEmbedder.builder(MiniLmEmbedder.shared()).build();
    }

    /** Runs on SIGTERM: requests in flight finish first, then the store closes, then the batcher. */
    static synchronized void shutdown(DemoServer server, MemoryStore store, DemoSettings settings) {
        LOG.info("stopping: finishing requests in flight");
        try {
            server.stop();
        } finally {
            store.close();
            if (settings.embedBatching()) {
                SharedBatcher.INSTANCE.close();
            }
            LOG.info("stopped; store {} closed", store.describe());
        }
    }

    private static void printBanner(DemoSettings settings, MemoryStore store, int port) {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        String url = "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port + "/";
        PrintStream out = System.out;
        out.println();
        out.println("agent-memory web demo listening on " + url);
        out.println("  store:  " + store.describe() + " (embeddings: " + MiniLmEmbedder.NAME + ", local, "
                + (settings.embedBatching() ? "concurrent requests batched" : "one request at a time") + ")");
        settings.keys().devKey().ifPresentOrElse(
                key -> {
                    out.println("  dev mode: tenant '" + ApiKeys.DEV_TENANT + "', API key " + key + " (kept in the data"
                            + " directory, the same at every start)");
                    out.println("  (the page on this machine picks the key up by itself; curl needs"
                            + " -H 'Authorization: Bearer " + key + "')");
                },
                () -> out.println("  tenants: " + settings.keys().size() + " with configured API keys"));
        out.println(settings.keys().adminKeyGiven()
                ? "  admin key: from AGENT_MEMORY_ADMIN_KEY (server-wide GET /api/stats)"
                : "  admin key for the server-wide GET /api/stats (new at every start): " + settings.keys().adminKey());
        out.println("  stop with Ctrl-C (SIGTERM): requests in flight finish, then the store closes");
        out.flush();
    }

    /** For tests: the settings a child JVM would get from these flags and no environment. */
    static DemoSettings settings(String... args) throws IOException {
        return DemoSettings.from(args, Map.of());
    }
}
