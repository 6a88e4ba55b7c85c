package dev.agentmemory.index;

/**
 * Thread-safe: stateless. The plain-Java int8 dot product, always available. Integer addition
 * is associative, so unlike the float kernel C2 may vectorise this reduction itself; four
 * independent accumulators keep the loop pipelined where it does not.
 */
final class ScalarInt8Kernel implements Int8Kernel {
    @Override
    public int dot(byte[] a, int ao, byte[] b, int bo, int n) {
        int s0 = 0;
        int s1 = 0;
        int s2 = 0;
        int s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public String name() {
        return "int8-scalar";
    }
}
