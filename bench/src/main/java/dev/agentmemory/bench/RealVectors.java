package dev.agentmemory.bench;

import dev.agentmemory.embeddings.onnx.MiniLmEmbedder;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Confined to the calling thread: real MiniLM vectors of real English text, the sentences of
 * the Debian documentation on this machine ({@code /usr/share/common-licenses},
 * {@code /usr/share/doc/**}: READMEs, changelogs, copyright files), embedded once by
 * {@link MiniLmEmbedder} and cached in {@code bench/target/real-vectors-N.bin}.
 */
final class RealVectors {
    private static final Pattern SPLIT = Pattern.compile("(?<=[.!?])\\s+|\\n\\s*\\n");
    private static final Pattern WORDY = Pattern.compile("^[A-Za-z][^<>{}|\\\\]*$");

    private RealVectors() {}

    /** {@code n} vectors (fewer if the machine has fewer distinct sentences), cached under {@code dir}. */
    static float[][] load(Path dir, int n) throws IOException {
        Path cache = dir.resolve("real-vectors-" + n + ".bin");
        if (Files.exists(cache)) {
            return readVectors(cache);
        }
        List<String> sentences = sentences(n);
        System.out.printf("embedding %d real sentences with %s (cached in %s)%n", sentences.size(),
                MiniLmEmbedder.NAME, cache);
        MiniLmEmbedder embedder = MiniLmEmbedder.shared();
        float[][] out = new float[sentences.size()][];
        long start = System.nanoTime();
        int batch = 256;
        for (int from = 0; from < sentences.size(); from += batch) {
            List<String> part = sentences.subList(from, Math.min(sentences.size(), from + batch));
            List<float[]> v = embedder.embedAll(part);
            for (int i = 0; i < v.size(); i++) {
                out[from + i] = v.get(i);
            }
            if ((from / batch) % 20 == 0) {
                double s = (System.nanoTime() - start) / 1e9;
                System.out.printf("  %d/%d embedded, %.1f ms per sentence%n", from + part.size(), sentences.size(),
                        s * 1000 / (from + part.size()));
            }
        }
        Files.createDirectories(dir);
        write(cache, out);
        return out;
    }

    /** Up to {@code n} distinct sentences, a seeded sample of all the documentation's sentences. */
    static List<String> sentences(int n) throws IOException {
        Set<String> all = new LinkedHashSet<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Stream.concat(Files.walk(Path.of("/usr/share/common-licenses")),
                Files.walk(Path.of("/usr/share/doc")))) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        for (Path f : files) {
            String text;
            try {
                text = read(f);
            } catch (IOException | UncheckedIOException e) {
                continue; // unreadable or binary: skip
            }
            for (String part : SPLIT.split(text)) {
                String s = part.replaceAll("\\s+", " ").trim();
                if (s.length() >= 30 && s.length() <= 300 && WORDY.matcher(s).matches() && s.split(" ").length >= 5) {
                    all.add(s);
                }
            }
        }
        List<String> list = new ArrayList<>(all);
        Collections.shuffle(list, new Random(42));
        return list.subList(0, Math.min(n, list.size()));
    }

    private static String read(Path f) throws IOException {
        String name = f.getFileName().toString();
        if (name.endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                return new String(in.readNBytes(4 << 20), StandardCharsets.UTF_8);
            }
        }
        if (name.contains(".") && !name.endsWith(".txt") && !name.endsWith(".md")) {
            return "";
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(f), StandardCharsets.UTF_8))) {
            char[] buf = new char[4 << 20];
            int len = r.read(buf);
            return len <= 0 ? "" : new String(buf, 0, len);
        }
    }

    private static void write(Path file, float[][] vectors) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(vectors.length);
            out.writeInt(vectors[0].length);
            for (float[] v : vectors) {
                for (float x : v) {
                    out.writeFloat(x);
                }
            }
        }
    }

    static float[][] readVectors(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            int n = in.readInt();
            int d = in.readInt();
            float[][] out = new float[n][d];
            for (float[] v : out) {
                for (int i = 0; i < d; i++) {
                    v[i] = in.readFloat();
                }
            }
            return out;
        }
    }

    /** Embeds and caches {@code args[0]} sentences (default 100000) ahead of a harness run. */
    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        List<String> s = sentences(n);
        System.out.println(s.size() + " sentences available, e.g. " + s.subList(0, 3));
        if (args.length > 1 && args[1].equals("--count-only")) {
            return;
        }
        load(Path.of("bench/target"), n);
    }
}
