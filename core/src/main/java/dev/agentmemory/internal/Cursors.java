package dev.agentmemory.internal;

import dev.agentmemory.Filter;
import dev.agentmemory.MemoryId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * Thread-safe (stateless): the paging cursors of {@code Namespace.list}. A cursor is opaque to
 * callers: the last id of the page, a version byte, and a tag that binds it to the listing it
 * came from (the first 12 bytes of a SHA-256 over the version, the id, the tenant, the namespace
 * and the filter), in URL-safe Base64.
 *
 * <p>What is checked: a cursor that was changed (a flipped character, a hand-edited id), or that
 * was made for another tenant, namespace or filter, fails with {@code INVALID_CURSOR}. What is
 * not: the tag carries no secret, so every store instance on any machine accepts the cursors of
 * every other one (no key to share or rotate), and someone who knows this scheme can forge a
 * cursor; a forged one can only start a listing its caller may read anyway at another id.
 */
final class Cursors {
    private static final byte VERSION = 1;
    private static final int TAG = 12;
    private static final int LENGTH = 1 + 16 + TAG;

    private Cursors() {}

    static String encode(MemoryId last, String tenant, String namespace, Filter filter) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.put(VERSION);
        b.putLong(last.uuid().getMostSignificantBits()).putLong(last.uuid().getLeastSignificantBits());
        b.put(tag(b.array(), tenant, namespace, filter));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** The id after which the next page starts, or null if the cursor is not one of this listing's. */
    static MemoryId decode(String cursor, String tenant, String namespace, Filter filter) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (bytes.length != LENGTH || bytes[0] != VERSION) {
            return null;
        }
        byte[] expected = tag(bytes, tenant, namespace, filter);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, 1 + 16, LENGTH))) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 1, 16);
        return MemoryId.of(new UUID(b.getLong(), b.getLong()));
    }

    /** The tag over the first 17 bytes of {@code cursor} (version and id) and the listing. */
    private static byte[] tag(byte[] cursor, String tenant, String namespace, Filter filter) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        sha.update(cursor, 0, 1 + 16);
        // Records print their components, so a filter's text is a stable description of it.
        for (String part : new String[] {tenant, namespace, String.valueOf(filter)}) {
            sha.update(part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return Arrays.copyOf(sha.digest(), TAG);
    }
}
