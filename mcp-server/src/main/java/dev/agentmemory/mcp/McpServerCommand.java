package dev.agentmemory.mcp;

import dev.agentmemory.Embedder;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.embeddings.onnx.MiniLmEmbedder;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Confined to the calling thread: the {@code agent-memory-mcp} command: opens a store and serves
 * it over stdio (the default, one scope from the options) or streamable HTTP (scopes from API
 * keys). Also the {@code mcp} subcommand of the command-line tool.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true, version = MemoryMcpServer.VERSION,
        description = "Serves a memory store to AI agents over the Model Context Protocol (stdio by default).")
public final class McpServerCommand implements Callable<Integer> {
    /** The value of {@code --embedder} for the bundled all-MiniLM-L6-v2 model. */
    public static final String MINILM = "minilm";

    @Option(names = "--store", defaultValue = "${env:AGENT_MEMORY_STORE:-sqlite:./memory.db}",
            description = "Store URI: sqlite:./memory.db, h2:./memory, postgresql://host:5432/db (default: ${DEFAULT-VALUE}; "
                    + "env AGENT_MEMORY_STORE)")
    String store;

    @Option(names = "--user", defaultValue = "${env:AGENT_MEMORY_USER}", description = "Database user (PostgreSQL; env AGENT_MEMORY_USER)")
    String user;

    @Option(names = "--password", defaultValue = "${env:AGENT_MEMORY_PASSWORD}", description = "Database password (env AGENT_MEMORY_PASSWORD; prefer it to the option)")
    String password;

    @Option(names = "--tenant", defaultValue = "${env:AGENT_MEMORY_TENANT:-default}", description = "Tenant of every call over stdio (default: ${DEFAULT-VALUE})")
    String tenant;

    @Option(names = "--namespace", defaultValue = Scope.DEFAULT_NAMESPACE, description = "Namespace of the memory tools (default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(names = "--graph-namespace", defaultValue = Scope.DEFAULT_GRAPH_NAMESPACE, description = "Namespace of the knowledge graph (default: ${DEFAULT-VALUE})")
    String graphNamespace;

    @Option(names = "--embedder", defaultValue = MINILM,
            description = "'minilm' (the bundled all-MiniLM-L6-v2, 384 dimensions) or the class name of an Embedder with a public no-argument constructor")
    String embedder;

    @Option(names = "--http", description = "Serve streamable HTTP at /mcp instead of stdio")
    boolean http;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "HTTP address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "8808", description = "HTTP port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--api-keys-file", description = "File of KEY=TENANT[/NAMESPACE[/GRAPH_NAMESPACE]] lines, for --http")
    Path apiKeysFile;

    @Option(names = "--api-key", description = "One KEY=TENANT[/NAMESPACE[/GRAPH_NAMESPACE]] entry, for --http (repeatable; env AGENT_MEMORY_MCP_API_KEYS, comma-separated)")
    List<String> apiKeys = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Scope scope = new Scope(tenant, namespace, graphNamespace);
        ApiKeys keys = http ? keys(scope) : null;
        // Over stdio, stdout carries the protocol alone: anything else printed by accident goes
        // to stderr instead of corrupting a message.
        PrintStream protocol = System.out;
        System.setOut(System.err);
        MemoryStore memoryStore = open(store, user, password, embedder(embedder));
        CountDownLatch stop = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        Runnable shutdown;
        if (http) {
            McpHttpServer server = McpHttpServer.start(memoryStore, keys, host, port);
            System.err.println("agent-memory MCP server: http://" + host + ":" + server.port() + McpHttpServer.ENDPOINT
                    + " on " + memoryStore.describe() + ", " + keys.size() + " API key(s)");
            shutdown = () -> close(closed, server::close, memoryStore);
        } else {
            McpSyncServer server = MemoryMcpServer.stdio(memoryStore, scope, new EndSignalling(System.in, stop),
                    protocol);
            System.err.println("agent-memory MCP server: stdio on " + memoryStore.describe() + " as " + scope);
            shutdown = () -> close(closed, server::closeGracefully, memoryStore);
        }
        Thread hook = new Thread(() -> {
            stop.countDown();
            shutdown.run();
        }, "agent-memory-mcp-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
        shutdown.run();
        return 0;
    }

    /**
     * Opens a store as the command line describes it.
     *
     * @param embedder the embedder, or null for none
     */
    public static MemoryStore open(String uri, String user, String password, Embedder embedder) {
        StoreConfig.Builder config = StoreConfig.builder(uri);
        if (user != null) {
            config.property("user", user);
        }
        if (password != null) {
            config.property("password", password);
        }
        if (embedder != null) {
            config.embedder(embedder);
        }
        return MemoryStores.open(config.build());
    }

    /**
     * The embedder {@code choice} names.
     *
     * @throws IllegalArgumentException if it names no usable class
     */
    public static Embedder embedder(String choice) {
        if (choice.equals(MINILM)) {
            return MiniLmEmbedder.shared();
        }
        try {
            Object e = Class.forName(choice).getConstructor().newInstance();
            if (e instanceof Embedder ok) {
                return ok;
            }
            throw new IllegalArgumentException("--embedder " + choice + " is not a dev.agentmemory.Embedder");
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("--embedder " + choice + ": expected 'minilm' or the class name of an "
                    + "Embedder with a public no-argument constructor on the classpath (" + e + ")", e);
        }
    }

    private ApiKeys keys(Scope defaults) throws IOException {
        List<String> entries = new ArrayList<>(apiKeys);
        String env = System.getenv("AGENT_MEMORY_MCP_API_KEYS");
        if (env != null) {
            entries.addAll(List.of(env.split(",")));
        }
        if (apiKeysFile != null) {
            entries.addAll(java.nio.file.Files.readAllLines(apiKeysFile));
        }
        return ApiKeys.parse(entries, defaults);
    }

    private static void close(AtomicBoolean closed, Runnable server, MemoryStore store) {
        if (closed.compareAndSet(false, true)) {
            try {
                server.run();
            } finally {
                store.close();
            }
        }
    }

    /** Counts a latch down when the client closes our stdin: the session is over. */
    private static final class EndSignalling extends FilterInputStream {
        private final CountDownLatch ended;

        EndSignalling(InputStream in, CountDownLatch ended) {
            super(in);
            this.ended = ended;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                ended.countDown();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n < 0) {
                ended.countDown();
            }
            return n;
        }
    }
}
