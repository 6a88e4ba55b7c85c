package dev.agentmemory.demo;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Immutable and thread-safe: which API key belongs to which tenant. The tenant of a request
 * comes from its key and from nothing else.
 *
 * <p>Keys come from a properties file ({@code tenant=key} lines), from a string
 * {@code "alice=key1,bob=key2"} (the {@code AGENT_MEMORY_KEYS} variable), or, with neither,
 * {@link #dev()} makes one tenant {@value #DEV_TENANT} with a random key: dev mode.
 */
final class ApiKeys {

    /** The tenant dev mode creates. */
    static final String DEV_TENANT = "dev";

    /** Keys are opaque, but short ones are guessable. */
    static final int MIN_KEY_LENGTH = 8;

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final Map<String, String> tenantByKey;
    private final boolean dev;

    private ApiKeys(Map<String, String> tenantByKey, boolean dev) {
        this.tenantByKey = Map.copyOf(tenantByKey);
        this.dev = dev;
    }

    /** One tenant, {@value #DEV_TENANT}, with a fresh random key. */
    static ApiKeys dev() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String key = "dev-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return new ApiKeys(Map.of(key, DEV_TENANT), true);
    }

    /**
     * Parses {@code "alice=key1,bob=key2"}.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    static ApiKeys parse(String spec) {
        Map<String, String> tenantByKey = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("API key entry '" + entry.strip() + "' is not tenant=key");
            }
            add(tenantByKey, entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        return configured(tenantByKey, "AGENT_MEMORY_KEYS");
    }

    /**
     * Loads a properties file of {@code tenant=key} lines.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the bad entry
     */
    static ApiKeys load(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        Map<String, String> tenantByKey = new LinkedHashMap<>();
        for (String tenant : props.stringPropertyNames()) {
            add(tenantByKey, tenant.strip(), props.getProperty(tenant).strip());
        }
        return configured(tenantByKey, file.toString());
    }

    private static ApiKeys configured(Map<String, String> tenantByKey, String source) {
        if (tenantByKey.isEmpty()) {
            throw new IllegalArgumentException("no API key in " + source + "; write tenant=key entries");
        }
        return new ApiKeys(tenantByKey, false);
    }

    private static void add(Map<String, String> tenantByKey, String tenant, String key) {
        if (!TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant '" + tenant + "' must match " + TENANT.pattern());
        }
        if (key.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("the key of tenant '" + tenant + "' is shorter than "
                    + MIN_KEY_LENGTH + " characters");
        }
        String previous = tenantByKey.putIfAbsent(key, tenant);
        if (previous != null) {
            throw new IllegalArgumentException("tenants '" + previous + "' and '" + tenant + "' have the same key");
        }
    }

    /** The tenant that owns {@code key}, compared in constant time so timing does not leak keys. */
    Optional<String> tenantFor(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Map.Entry<String, String> e : tenantByKey.entrySet()) {
            if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = e.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    /** True when no keys were configured and {@link #dev()} made one. */
    boolean isDev() {
        return dev;
    }

    /** The dev key, when in dev mode. */
    Optional<String> devKey() {
        return dev ? tenantByKey.keySet().stream().findFirst() : Optional.empty();
    }

    /** The number of tenants. */
    int size() {
        return tenantByKey.size();
    }
}
