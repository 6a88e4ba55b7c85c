package dev.agentmemory.bench;

/** Placeholder, replaced below. */
public final class Harness {
    private Harness() {}

    public static void main(String[] args) throws Exception {
        RealVectors.main(args);
    }
}
