package dev.agentmemory.jdbc.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Thread-safe: static methods only. Embeddings as stored: little-endian IEEE 754 float32,
 * four bytes per component, the same bytes on every backend and platform.
 */
final class VectorCodec {
    private VectorCodec() {}

    static byte[] encode(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    static float[] decode(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalStateException("stored embedding has " + bytes.length
                    + " bytes, not a multiple of 4: the row is corrupt");
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
