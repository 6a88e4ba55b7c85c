package dev.agentmemory.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Confined to the calling thread: the before/after hot-path probe. Loads two builds of the
 * library into one JVM, each in its own {@link BuildClassLoader}, opens a SQLite store per build
 * on tmpfs with the same seeded data, and runs {@code get}, {@code search} (top-10 exact) and
 * {@code put} at 1 and 8 threads: per cell a warm-up of each build that is not reported, then
 * rounds alternating A, B, A, B. Prints a table of the medians over rounds and the B/A ratios,
 * and writes it to a file with {@code --out}.
 *
 * <p>{@code java -cp benchmarks.jar dev.agentmemory.bench.HotPathAB --before PATH --after PATH
 * [flags]}; see {@link Options#USAGE} and docs/BENCHMARKS.md.
 */
public final class HotPathAB {
    private HotPathAB() {}

    /** The module jars a build consists of, by module directory. */
    static final List<String> MODULES = List.of("core", "jdbc-support", "backend-sqlite");

    /** Parsed command line. Immutable. */
    record Options(String before, String after, String labelA, String labelB, int rounds, double seconds,
            double warmup, List<Integer> threads, List<String> ops, int preload, Path out) {
        static final String USAGE = """
                usage: HotPathAB --before PATH --after PATH [flags]
                  PATH is a repository root whose core, jdbc-support and backend-sqlite jars are built
                  (mvn -q -o -DskipTests package -pl backend-sqlite -am), or a class path of those jars
                  --labels A,B      names of the two builds in the table (default before,after)
                  --rounds N        measured rounds per build and cell, alternating (default 5)
                  --seconds S       length of one round (default 3)
                  --warmup S        unreported warm-up per build and cell (default 2)
                  --threads 1,8     thread counts (default 1,8)
                  --ops get,search,put   operations, in this order (default all three)
                  --preload N       seeded memories of 384 dims per build (default 2000)
                  --out FILE        also write the table to FILE (e.g. bench/results/hot-path-ab.txt)""";

        /**
         * Parses the command line.
         *
         * @throws IllegalArgumentException naming the flag, if a flag is unknown, lacks its value,
         *     has a value out of range, or {@code --before}/{@code --after} is missing
         */
        static Options parse(String... args) {
            String before = null;
            String after = null;
            String[] labels = {"before", "after"};
            int rounds = 5;
            double seconds = 3;
            double warmup = 2;
            List<Integer> threads = List.of(1, 8);
            List<String> ops = List.of("get", "search", "put");
            int preload = 2000;
            Path out = null;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help")) {
                    throw new IllegalArgumentException(USAGE);
                }
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("HotPathAB: " + flag + " needs a value\n" + USAGE);
                }
                String v = args[++i];
                switch (flag) {
                    case "--before" -> before = v;
                    case "--after" -> after = v;
                    case "--labels" -> labels = labels(v);
                    case "--rounds" -> rounds = atLeast(flag, Integer.parseInt(v), 1);
                    case "--seconds" -> seconds = positive(flag, Double.parseDouble(v));
                    case "--warmup" -> warmup = atLeast(flag, Double.parseDouble(v), 0);
                    case "--threads" -> threads = Stream.of(v.split(",")).map(t -> atLeast(flag,
                            Integer.parseInt(t.trim()), 1)).toList();
                    case "--ops" -> ops = ops(v);
                    case "--preload" -> preload = atLeast(flag, Integer.parseInt(v), 10);
                    case "--out" -> out = Path.of(v);
                    default -> throw new IllegalArgumentException("HotPathAB: unknown flag " + flag + "\n" + USAGE);
                }
            }
            if (before == null || after == null) {
                throw new IllegalArgumentException("HotPathAB: --before and --after are both required\n" + USAGE);
            }
            return new Options(before, after, labels[0], labels[1], rounds, seconds, warmup, threads, ops, preload,
                    out);
        }

        private static String[] labels(String v) {
            String[] l = v.split(",", -1);
            if (l.length != 2 || l[0].isBlank() || l[1].isBlank()) {
                throw new IllegalArgumentException("HotPathAB: --labels takes two names, A,B; got " + v);
            }
            return l;
        }

        private static List<String> ops(String v) {
            List<String> ops = Stream.of(v.split(",")).map(String::trim).toList();
            for (String op : ops) {
                if (!List.of("get", "search", "put").contains(op)) {
                    throw new IllegalArgumentException("HotPathAB: --ops takes get, search and put; got " + op);
                }
            }
            return ops;
        }

        private static int atLeast(String flag, int v, int min) {
            if (v < min) {
                throw new IllegalArgumentException("HotPathAB: " + flag + " must be at least " + min + "; got " + v);
            }
            return v;
        }

        private static double atLeast(String flag, double v, double min) {
            if (!(v >= min)) {
                throw new IllegalArgumentException("HotPathAB: " + flag + " must be at least " + min + "; got " + v);
            }
            return v;
        }

        private static double positive(String flag, double v) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("HotPathAB: " + flag + " must be above 0; got " + v);
            }
            return v;
        }
    }

    /**
     * Runs the comparison.
     *
     * @throws Exception when a build cannot be loaded, a store fails, or the output cannot be
     *     written; a bad command line prints the usage and exits with status 2
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ClassLoader shared = BuildClassLoader.sharedParent(HotPathAB.class.getClassLoader());
        Path dir = Files.createTempDirectory(Files.isWritable(Path.of("/dev/shm")) ? Path.of("/dev/shm")
                : Path.of(System.getProperty("java.io.tmpdir")), "hotpath-ab");
        List<String> lines = new ArrayList<>();
        String loadAtStart = loadAverage();
        try (Build a = new Build("A", classPath(o.before()), shared);
                Build b = new Build("B", classPath(o.after()), shared)) {
            a.open(dir.resolve("a.db"), o.preload());
            b.open(dir.resolve("b.db"), o.preload());
            lines.add(String.format(Locale.ROOT, "HotPathAB: A = %s, B = %s; %,d memories x %d dims per build, SQLite"
                    + " on %s; %d rounds x %.1f s per build and cell after %.1f s warm-up each, alternating A,B",
                    o.labelA(), o.labelB(), o.preload(), HotPathABProbe.DIM, dir.getParent().toString()
                            .startsWith("/dev/shm") ? "tmpfs" : "the temp directory", o.rounds(), o.seconds(),
                    o.warmup()));
            lines.add(String.format(Locale.ROOT, "JVM %s, %d cores; medians over rounds; pairs = min, median, max of B/A"
                    + " over back-to-back rounds", Runtime.version(), Runtime.getRuntime().availableProcessors()));
            lines.add(ABResult.header());
            lines.forEach(System.out::println);
            for (String op : o.ops()) {
                for (int t : o.threads()) {
                    ABResult.Cell cell = cell(a, b, op, t, o);
                    lines.add(ABResult.row(cell));
                    System.out.println(lines.get(lines.size() - 1));
                }
            }
            // Other processes' load is the main source of noise on a shared machine: say how much there was.
            lines.add("load average (1 min) at start " + loadAtStart + ", at end " + loadAverage());
            System.out.println(lines.get(lines.size() - 1));
        } finally {
            deleteTree(dir);
        }
        if (o.out() != null) {
            Files.write(o.out(), lines);
            System.out.println("written to " + o.out());
        }
    }

    private static ABResult.Cell cell(Build a, Build b, String op, int threads, Options o) throws Exception {
        long warm = Math.round(o.warmup() * 1000);
        if (warm > 0) {
            a.run(op, threads, warm);
            b.run(op, threads, warm);
        }
        long millis = Math.round(o.seconds() * 1000);
        List<ABResult.Round> ra = new ArrayList<>();
        List<ABResult.Round> rb = new ArrayList<>();
        for (int i = 0; i < o.rounds(); i++) {
            ra.add(ABResult.Round.of(a.run(op, threads, millis)));
            rb.add(ABResult.Round.of(b.run(op, threads, millis)));
        }
        return ABResult.Cell.of(op, threads, ra, rb);
    }

    /**
     * The jars of one build: a repository root expands to its three module jars; anything else
     * is a class path of jars or directories, taken as given.
     *
     * @throws IllegalArgumentException naming the missing jar and the command that builds it
     */
    static List<Path> classPath(String spec) {
        Path root = Path.of(spec);
        if (!Files.isDirectory(root.resolve("core").resolve("target")) && !Files.isRegularFile(root.resolve("pom.xml"))) {
            return Stream.of(spec.split(File.pathSeparator)).map(Path::of).toList();
        }
        List<Path> jars = new ArrayList<>();
        for (String module : MODULES) {
            Path target = root.resolve(module).resolve("target");
            String prefix = "agent-memory-" + module + "-";
            try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
                List<Path> found = files.filter(p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith(prefix) && n.endsWith(".jar") && !n.endsWith("-sources.jar")
                            && !n.endsWith("-javadoc.jar") && !n.endsWith("-tests.jar");
                }).toList();
                if (found.size() != 1) {
                    throw new IllegalArgumentException("HotPathAB: expected one " + prefix + "*.jar in " + target
                            + ", found " + found.size() + "; build it there with"
                            + " mvn -q -o -DskipTests package -pl backend-sqlite -am");
                }
                jars.add(found.get(0));
            } catch (IOException e) {
                throw new UncheckedIOException("HotPathAB: listing " + target, e);
            }
        }
        return jars;
    }

    /** The 1-minute load average from {@code /proc/loadavg}, or "n/a" where there is none. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One build: its class loader and a probe instance in it, called reflectively. */
    private static final class Build implements AutoCloseable {
        private final String name;
        private final BuildClassLoader loader;
        private final Object probe;
        private final Method open;
        private final Method run;
        private final Method close;

        Build(String name, List<Path> jars, ClassLoader shared) throws ReflectiveOperationException {
            this.name = name;
            URL[] urls = jars.stream().map(Build::url).toArray(URL[]::new);
            loader = new BuildClassLoader("hotpath-ab-" + name, urls, shared);
            Class<?> type = Class.forName(HotPathABProbe.class.getName(), true, loader);
            if (type == HotPathABProbe.class) {
                throw new IllegalStateException("HotPathAB: build " + name + " got the bench's own probe class;"
                        + " the class loaders do not isolate the builds");
            }
            probe = type.getConstructor().newInstance();
            open = type.getMethod("open", String.class, int.class, long.class);
            run = type.getMethod("run", String.class, int.class, long.class);
            close = type.getMethod("close");
            Class<?> stores = Class.forName("dev.agentmemory.MemoryStores", false, loader);
            System.out.println("build " + name + ": " + stores.getName() + " from "
                    + stores.getProtectionDomain().getCodeSource().getLocation());
        }

        void open(Path file, int preload) throws Exception {
            call(open, file.toString(), preload, 42L);
        }

        long[] run(String op, int threads, long millis) throws Exception {
            System.gc(); // garbage of the previous round is not charged to this one
            return (long[]) call(run, op, threads, millis);
        }

        @Override
        public void close() throws IOException {
            try {
                call(close);
            } catch (Exception e) {
                throw new IOException("HotPathAB: closing the store of build " + name + " failed", e);
            } finally {
                loader.close();
            }
        }

        /** Calls the probe with this build's loader as context loader (ServiceLoader discovery). */
        private Object call(Method m, Object... args) throws Exception {
            Thread me = Thread.currentThread();
            ClassLoader previous = me.getContextClassLoader();
            me.setContextClassLoader(loader);
            try {
                return m.invoke(probe, args);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception ex ? ex : e;
            } finally {
                me.setContextClassLoader(previous);
            }
        }

        private static URL url(Path p) {
            try {
                return p.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("HotPathAB: not a usable class path entry: " + p, e);
            }
        }
    }
}
