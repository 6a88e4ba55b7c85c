package dev.agentmemory.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Immutable and thread-safe: which API key opens which {@link Scope} over HTTP.
 *
 * <p>Each entry reads {@code KEY=TENANT[/NAMESPACE[/GRAPH_NAMESPACE]]}; namespaces left out take
 * the server's defaults. A key file holds one entry a line; blank lines and lines starting with
 * {@code #} are skipped. Clients send the key as {@code Authorization: Bearer KEY} or
 * {@code X-API-Key: KEY}.
 */
public final class ApiKeys {
    private final Map<String, Scope> scopes;

    private ApiKeys(Map<String, Scope> scopes) {
        this.scopes = Map.copyOf(scopes);
    }

    /**
     * Parses entries.
     *
     * @param entries {@code KEY=TENANT[/NAMESPACE[/GRAPH_NAMESPACE]]} each
     * @param defaults the namespaces an entry leaves out
     * @throws IllegalArgumentException naming the entry (by number, never the key) that is malformed
     */
    public static ApiKeys parse(List<String> entries, Scope defaults) {
        Map<String, Scope> scopes = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String line = entries.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 16) {
                throw new IllegalArgumentException("API key entry " + (i + 1) + " must read KEY=TENANT[/NAMESPACE"
                        + "[/GRAPH_NAMESPACE]] with a key of at least 16 characters");
            }
            String[] parts = line.substring(eq + 1).split("/", -1);
            if (parts.length > 3) {
                throw new IllegalArgumentException("API key entry " + (i + 1) + " has more than three '/' parts");
            }
            try {
                Scope scope = new Scope(parts[0], parts.length > 1 ? parts[1] : defaults.namespace(),
                        parts.length > 2 ? parts[2] : defaults.graphNamespace());
                if (scopes.putIfAbsent(line.substring(0, eq), scope) != null) {
                    throw new IllegalArgumentException("the key appears twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("API key entry " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("no API keys given: the HTTP server needs at least one KEY=TENANT entry");
        }
        return new ApiKeys(scopes);
    }

    /**
     * Reads a key file.
     *
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if an entry is malformed
     */
    public static ApiKeys read(Path file, Scope defaults) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), defaults);
    }

    /** The scope of {@code key}, if it is one of these keys. Compares every key in constant time. */
    public Optional<Scope> scopeOf(String key) {
        if (key == null) {
            return Optional.empty();
        }
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        Scope found = null;
        for (Map.Entry<String, Scope> e : scopes.entrySet()) {
            if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = e.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The number of keys. */
    public int size() {
        return scopes.size();
    }
}
