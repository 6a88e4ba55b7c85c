package dev.agentmemory.demo;

import dev.agentmemory.embeddings.onnx.MicroBatchingEmbedder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable and thread-safe: how the demo server was asked to run, from the command line and
 * the environment (a flag wins over its variable).
 *
 * <pre>
 * --store URI            AGENT_MEMORY_STORE      default sqlite:./data/demo.db
 * --host HOST            AGENT_MEMORY_HOST       default 127.0.0.1 (loopback only)
 * --port N               AGENT_MEMORY_PORT       default 7070 (0 picks a free port)
 * --keys FILE            AGENT_MEMORY_KEYS_FILE  tenant=key lines
 *                        AGENT_MEMORY_KEYS       "alice=key1,bob=key2"
 * --store-property k=v   (repeatable) a StoreConfig property, for example user=...
 *                        AGENT_MEMORY_STORE_USER, AGENT_MEMORY_STORE_PASSWORD
 * --data DIR             AGENT_MEMORY_DATA       default ./data: where dev mode keeps its key
 *                        AGENT_MEMORY_ADMIN_KEY  the admin key (server-wide stats); default random
 * --embed-batching on|off AGENT_MEMORY_EMBED_BATCHING default on: concurrent requests share
 *                        batched model calls (MicroBatchingEmbedder); off runs each alone
 * </pre>
 *
 * <p>With no keys configured the server runs in dev mode: one tenant {@value ApiKeys#DEV_TENANT}
 * with a random key made once and kept in the data directory, printed at start-up and handed to
 * the page by {@code GET /api/dev-key} (to loopback clients only).
 *
 * @param storeUri the store to open
 * @param host the address to bind
 * @param port the port, 0 for any free one
 * @param keys the tenants' API keys
 * @param storeProperties extra store properties (user, password...)
 * @param embedBatching whether requests share batched embedding calls
 */
record DemoSettings(String storeUri, String host, int port, ApiKeys keys, Map<String, String> storeProperties,
        boolean embedBatching) {

    static final String DEFAULT_STORE = "sqlite:./data/demo.db";
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 7070;
    static final String DEFAULT_DATA = "data";

    DemoSettings {
        Objects.requireNonNull(storeUri, "storeUri");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(keys, "keys");
        storeProperties = Map.copyOf(storeProperties);
    }

    /** Settings with embedding batching on, the default. */
    DemoSettings(String storeUri, String host, int port, ApiKeys keys, Map<String, String> storeProperties) {
        this(storeUri, host, port, keys, storeProperties, true);
    }

    /**
     * Reads the flags, then the environment for what the flags left out.
     *
     * @throws IllegalArgumentException for an unknown flag, a flag without its value, a bad
     *     port or bad keys, with a message saying which
     * @throws IOException if the keys file cannot be read, or dev mode's key file cannot be made or read
     */
    static DemoSettings from(String[] args, Map<String, String> env) throws IOException {
        Map<String, String> flags = new LinkedHashMap<>();
        Map<String, String> storeProperties = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException("usage");
            }
            if (!flag.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + flag + "'");
            }
            String value;
            int eq = flag.indexOf('=');
            if (eq > 0 && !flag.startsWith("--store-property")) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                value = args[++i];
            }
            switch (flag) {
                case "--store", "--host", "--port", "--keys", "--data", "--embed-batching" -> flags.put(flag, value);
                case "--store-property" -> {
                    int sep = value.indexOf('=');
                    if (sep < 1) {
                        throw new IllegalArgumentException("--store-property needs name=value, got '" + value + "'");
                    }
                    storeProperties.put(value.substring(0, sep), value.substring(sep + 1));
                }
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        env.entrySet().stream()
                .filter(e -> e.getKey().equals("AGENT_MEMORY_STORE_USER") || e.getKey().equals("AGENT_MEMORY_STORE_PASSWORD"))
                .forEach(e -> storeProperties.putIfAbsent(
                        e.getKey().substring("AGENT_MEMORY_STORE_".length()).toLowerCase(java.util.Locale.ROOT), e.getValue()));

        String store = pick(flags.get("--store"), env.get("AGENT_MEMORY_STORE"), DEFAULT_STORE);
        String host = pick(flags.get("--host"), env.get("AGENT_MEMORY_HOST"), DEFAULT_HOST);
        String portText = pick(flags.get("--port"), env.get("AGENT_MEMORY_PORT"), String.valueOf(DEFAULT_PORT));
        int port;
        try {
            port = Integer.parseInt(portText.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + portText + "' is not a number");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
        String keysFile = pick(flags.get("--keys"), env.get("AGENT_MEMORY_KEYS_FILE"), null);
        String keysSpec = env.get("AGENT_MEMORY_KEYS");
        ApiKeys keys;
        if (keysFile != null) {
            keys = ApiKeys.load(Path.of(keysFile));
        } else if (keysSpec != null && !keysSpec.isBlank()) {
            keys = ApiKeys.parse(keysSpec);
        } else {
            keys = ApiKeys.dev(Path.of(pick(flags.get("--data"), env.get("AGENT_MEMORY_DATA"), DEFAULT_DATA)));
        }
        String adminKey = env.get("AGENT_MEMORY_ADMIN_KEY");
        if (adminKey != null && !adminKey.isBlank()) {
            keys = keys.withAdminKey(adminKey);
        }
        String batching = pick(flags.get("--embed-batching"), env.get("AGENT_MEMORY_EMBED_BATCHING"), "on").strip();
        if (!batching.equals("on") && !batching.equals("off")) {
            throw new IllegalArgumentException("--embed-batching must be on or off, got '" + batching + "'");
        }
        return new DemoSettings(store, host, port, keys, storeProperties, batching.equals("on"));
    }

    private static String pick(String flag, String env, String fallback) {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        return env != null && !env.isBlank() ? env : fallback;
    }

    static String usage() {
        return String.join(System.lineSeparator(),
                "usage: web-demo [--store URI] [--host HOST] [--port N] [--keys FILE] [--data DIR]"
                        + " [--store-property name=value]... [--embed-batching on|off]",
                "  --store   the store URI (AGENT_MEMORY_STORE), default " + DEFAULT_STORE,
                "            for example postgresql://localhost:5432/agent with --store-property user=... or",
                "            AGENT_MEMORY_STORE_USER / AGENT_MEMORY_STORE_PASSWORD",
                "  --host    the address to bind (AGENT_MEMORY_HOST), default " + DEFAULT_HOST,
                "  --port    the port (AGENT_MEMORY_PORT), default " + DEFAULT_PORT + "; 0 picks a free one",
                "  --keys    a properties file of tenant=key lines (AGENT_MEMORY_KEYS_FILE), or set",
                "            AGENT_MEMORY_KEYS=\"alice=key1,bob=key2\"; with neither, dev mode: one tenant 'dev'",
                "            with a random key, printed here and handed to the page on loopback",
                "  --data    the demo's data directory (AGENT_MEMORY_DATA), default ./" + DEFAULT_DATA + ": dev mode keeps",
                "            its key there (" + ApiKeys.DEV_KEY_FILE + "), made once",
                "  AGENT_MEMORY_ADMIN_KEY  the admin key, which reads the server-wide GET /api/stats; without it a",
                "            random one is made at start and printed once",
                "  --embed-batching  on (default) or off (AGENT_MEMORY_EMBED_BATCHING): concurrent requests",
                "            share batched embedding calls, waiting at most "
                        + MicroBatchingEmbedder.DEFAULT_MAX_WAIT_MICROS + " us for company");
    }
}
