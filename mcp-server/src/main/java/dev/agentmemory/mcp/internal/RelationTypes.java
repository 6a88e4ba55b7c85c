package dev.agentmemory.mcp.internal;

import com.google.common.io.BaseEncoding;
import dev.agentmemory.mcp.ToolArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Thread-safe: static methods only. Turns the free-text relation types of the reference memory
 * server ("works at") into link types, which must be identifiers, and back, without loss.
 *
 * <p>A type that is already an identifier is kept readable behind {@code r.}; any other is stored
 * as {@code b.} and its UTF-8 bytes in lower-case base32. Links of other types (made with the
 * {@code link} tool) are not relations and are left out of the graph.
 */
final class RelationTypes {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.-]{1,62}");
    private static final BaseEncoding BASE32 = BaseEncoding.base32().lowerCase().omitPadding();
    private static final int MAX_ENCODED = 62;

    private RelationTypes() {}

    /** The link type that stores {@code relationType}. */
    static String encode(String relationType) {
        if (relationType.isEmpty()) {
            throw new ToolArgumentException("relationType must not be empty");
        }
        if (PLAIN.matcher(relationType).matches()) {
            return "r." + relationType;
        }
        String encoded = BASE32.encode(relationType.getBytes(StandardCharsets.UTF_8));
        if (encoded.length() > MAX_ENCODED) {
            throw new ToolArgumentException("relationType '" + relationType + "' is too long: with spaces or other "
                    + "punctuation it may have at most 38 bytes of UTF-8 (about 38 letters); made only of letters, "
                    + "digits, '_', '-' and '.' it may have 62. Use a shorter verb phrase such as 'works_at'");
        }
        return "b." + encoded;
    }

    /** The relation type a link type stores, or empty if the link is not a relation. */
    static Optional<String> decode(String linkType) {
        if (linkType.startsWith("r.")) {
            return Optional.of(linkType.substring(2));
        }
        if (linkType.startsWith("b.")) {
            try {
                return Optional.of(new String(BASE32.decode(linkType.substring(2)), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException notOurs) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
