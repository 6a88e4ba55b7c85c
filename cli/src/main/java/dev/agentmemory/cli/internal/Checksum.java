package dev.agentmemory.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Confined to the calling thread: SHA-256 over the portable records of an export, each as its
 * compact JSON and a newline, in the order written.
 */
final class Checksum {
    private final MessageDigest digest;

    Checksum() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    void add(ObjectNode portable) {
        try {
            digest.update(Jsonl.JSON.writeValueAsString(portable).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + portable, e);
        }
        digest.update((byte) '\n');
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
