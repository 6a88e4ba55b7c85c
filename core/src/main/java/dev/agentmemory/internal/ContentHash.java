package dev.agentmemory.internal;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;

/** Thread-safe: static methods only. The key of exact deduplication: SHA-256 of the content, hex. */
final class ContentHash {
    private ContentHash() {}

    static String of(String content) {
        return Hashing.sha256().hashString(content, StandardCharsets.UTF_8).toString();
    }
}
