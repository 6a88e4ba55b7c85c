package dev.agentmemory.demo;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Immutable and thread-safe: which API key belongs to which tenant, and the admin key. The
 * tenant of a request comes from its key and from nothing else.
 *
 * <p>Keys come from a properties file ({@code tenant=key} lines), from a string
 * {@code "alice=key1,bob=key2"} (the {@code AGENT_MEMORY_KEYS} variable), or, with neither,
 * {@link #dev(Path)} makes one tenant {@value #DEV_TENANT} whose random key is kept in the
 * demo's data directory: dev mode. The admin key reads the server-wide figures of
 * {@code /api/stats} and nothing else; unless one is given ({@link #withAdminKey}) it is a
 * random key made at start, which the banner prints once.
 */
final class ApiKeys {

    /** The tenant dev mode creates. */
    static final String DEV_TENANT = "dev";

    /** Keys are opaque, but short ones are guessable. */
    static final int MIN_KEY_LENGTH = 8;

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** The dev key's file in the data directory: made once, then read at every start. */
    static final String DEV_KEY_FILE = "dev-api-key";

    private final Map<String, String> tenantByKey;
    private final boolean dev;
    private final String adminKey;
    private final boolean adminKeyGiven;

    private ApiKeys(Map<String, String> tenantByKey, boolean dev, String adminKey, boolean adminKeyGiven) {
        this.tenantByKey = Map.copyOf(tenantByKey);
        this.dev = dev;
        this.adminKey = adminKey;
        this.adminKeyGiven = adminKeyGiven;
    }

    private ApiKeys(Map<String, String> tenantByKey, boolean dev) {
        this(tenantByKey, dev, randomKey("admin-"), false);
    }

    /** One tenant, {@value #DEV_TENANT}, with a fresh random key that lasts as long as this server. */
    static ApiKeys dev() {
        return new ApiKeys(Map.of(randomKey("dev-"), DEV_TENANT), true);
    }

    /**
     * One tenant, {@value #DEV_TENANT}, with the key kept in {@code dataDir}/{@value #DEV_KEY_FILE}:
     * made (readable by the owner only, where the file system allows) the first time, read at
     * every later start, so a page or a script that has the key keeps working across restarts.
     *
     * @throws IOException if the directory or the file cannot be made or read
     * @throws IllegalArgumentException if the file holds a key shorter than {@value #MIN_KEY_LENGTH}
     */
    static ApiKeys dev(Path dataDir) throws IOException {
        Path file = dataDir.resolve(DEV_KEY_FILE);
        Files.createDirectories(dataDir);
        if (!Files.exists(file)) {
            Path fresh = Files.createTempFile(dataDir, DEV_KEY_FILE, ".new");
            try {
                ownerOnly(fresh);
                Files.writeString(fresh, randomKey("dev-") + System.lineSeparator(), StandardCharsets.UTF_8);
                // Two servers starting at once on one directory: the first file wins, both read it.
                Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                // another start made it first
            } finally {
                Files.deleteIfExists(fresh);
            }
        }
        String key = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (key.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("the dev key in " + file + " is shorter than " + MIN_KEY_LENGTH
                    + " characters; delete the file and a new key is made at the next start");
        }
        return new ApiKeys(Map.of(key, DEV_TENANT), true);
    }

    /**
     * These keys with {@code key} as the admin key instead of a random one.
     *
     * @throws IllegalArgumentException if it is short or is also a tenant's key
     */
    ApiKeys withAdminKey(String key) {
        String k = key.strip();
        if (k.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("the admin key is shorter than " + MIN_KEY_LENGTH + " characters");
        }
        if (tenantByKey.containsKey(k)) {
            throw new IllegalArgumentException("the admin key is also the key of tenant '" + tenantByKey.get(k)
                    + "'; give the admin a key of its own");
        }
        return new ApiKeys(tenantByKey, dev, k, true);
    }

    private static String randomKey(String prefix) {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the user's profile directory already keeps other users out
        }
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

    /** True if {@code key} is the admin key, compared in constant time. */
    boolean isAdmin(String key) {
        return key != null && MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                adminKey.getBytes(StandardCharsets.UTF_8));
    }

    /** The admin key. */
    String adminKey() {
        return adminKey;
    }

    /** True if the admin key was given rather than made at start. */
    boolean adminKeyGiven() {
        return adminKeyGiven;
    }

    /** True when no keys were configured and {@link #dev(Path)} made one. */
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
