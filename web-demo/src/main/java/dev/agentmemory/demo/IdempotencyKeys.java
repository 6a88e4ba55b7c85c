package dev.agentmemory.demo;

import dev.agentmemory.MemoryId;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Thread-safe: stateless. The {@value #HEADER} request header of the create endpoints, and the
 * ids derived from it: the same key of the same tenant always names the same stored note (or
 * the same record of a message append), so a retry after a lost reply finds what the first
 * attempt wrote instead of writing again.
 */
final class IdempotencyKeys {

    static final String HEADER = "Idempotency-Key";

    /** Visible ASCII, as HTTP header values and usual key formats (UUIDs, ULIDs, hashes) are. */
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private IdempotencyKeys() {}

    /**
     * The request's key, if it sent one.
     *
     * @throws ApiException 400 {@code INVALID_HEADER} if the header is present but not 1 to 128
     *     visible ASCII characters
     */
    static Optional<String> of(Context ctx) {
        String key = ctx.header(HEADER);
        if (key == null) {
            return Optional.empty();
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiException.badRequest("INVALID_HEADER", "header '" + HEADER
                    + "' must be 1 to 128 visible ASCII characters (no spaces), for example a UUID");
        }
        return Optional.of(key);
    }

    /** The id of the note created with this key: a name-based UUID of the tenant and the key. */
    static MemoryId noteId(String tenant, String key) {
        return nameBased("note", tenant, key);
    }

    /** The id of the record of the message appended to this session with this key. */
    static MemoryId messageRecordId(String tenant, String session, String key) {
        return nameBased("message", tenant, session + "\u0000" + key);
    }

    private static MemoryId nameBased(String kind, String tenant, String name) {
        // NUL separates the parts: no identifier or key contains it, so no two triples collide.
        byte[] bytes = (kind + "\u0000" + tenant + "\u0000" + name).getBytes(StandardCharsets.UTF_8);
        return MemoryId.of(UUID.nameUUIDFromBytes(bytes));
    }

    static ApiException reused(String key, String what) {
        return new ApiException(409, "IDEMPOTENCY_KEY_REUSED", "header '" + HEADER + "' value '"
                + MemoryApi.abbreviate(key) + "' was already used for " + what
                + "; send a new key for a new request, the same key only to retry the same request");
    }
}
