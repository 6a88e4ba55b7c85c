package dev.agentmemory.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetadataCodecTest {

    /** A float is stored as a double; reading narrows it back, and it must be the same float, bit for bit. */
    @Test
    void every_float_narrows_back_to_itself() {
        float[] edges = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
            -Float.MAX_VALUE, 1.1f, 1.2345679f, 0.1f, 3.4028235E38f, 1.4E-45f};
        for (float f : edges) {
            assertRoundTrip(f);
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 2_000_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (Float.isFinite(f)) {
                assertRoundTrip(f);
            }
        }
    }

    @Test
    void a_float_is_stored_at_its_decimal_value() {
        assertThat(MetadataCodec.floatToDouble(1.1f)).isEqualTo(1.1d);
        assertThat(MetadataCodec.floatToDouble(-1.23f)).isEqualTo(-1.23d);
    }

    private static void assertRoundTrip(float f) {
        float back = (float) MetadataCodec.floatToDouble(f);
        if (Float.floatToRawIntBits(back) != Float.floatToRawIntBits(f)) {
            throw new AssertionError(f + " came back as " + back);
        }
    }
}
