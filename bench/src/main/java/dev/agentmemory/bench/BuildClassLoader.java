package dev.agentmemory.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Thread-safe (a parallel-capable {@link URLClassLoader}): one build of the library, for
 * {@link HotPathAB}. It holds that build's own module jars (core, jdbc-support, backend-sqlite)
 * and defines {@link HotPathABProbe} from the bench's bytes, so the probe links against this
 * build's classes. Everything else comes from a {@link #sharedParent shared parent}: the bench's
 * own class path with every {@code dev.agentmemory} class and service file hidden.
 *
 * <p>The third-party jars (sqlite-jdbc, HikariCP, Jdbi, Guava, SLF4J) are shared, loaded once,
 * rather than loaded per build. Per build would work too: the JVM lets a native library file
 * belong to one class loader only, but sqlite-jdbc (3.51.1.0, checked with two loaders in one
 * JVM) extracts its library under a fresh file name each time it is loaded. Shared is simpler:
 * a build is then just its three module jars, and both builds of the comparison declare the
 * same third-party versions (the parent pom pins them), so sharing changes nothing they run. A
 * build that moved to other third-party versions would be measured with the bench's versions.
 */
final class BuildClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    private static final String OURS = "dev.agentmemory.";
    private static final String PROBE = HotPathABProbe.class.getName();

    BuildClassLoader(String name, URL[] moduleJars, ClassLoader sharedParent) {
        super(name, moduleJars, sharedParent);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (name.equals(PROBE) || name.startsWith(PROBE + "$")) {
            return defineProbe(name);
        }
        return super.findClass(name);
    }

    private Class<?> defineProbe(String name) throws ClassNotFoundException {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = HotPathABProbe.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException("HotPathAB: " + resource + " is not on the bench's class path");
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException("HotPathAB: reading " + resource + " from the bench's class path", e);
        }
    }

    /**
     * The parent both builds share: {@code delegate} (the bench's class path) without any class
     * of package {@code dev.agentmemory} or below, without their resources and without the
     * {@code META-INF/services} files that name them, so a build's {@code ServiceLoader} finds
     * its own backend only, and never the bench's copy of the library.
     */
    static ClassLoader sharedParent(ClassLoader delegate) {
        return new Hiding(delegate);
    }

    static boolean hidden(String resource) {
        return resource.startsWith("dev/agentmemory/") || resource.startsWith("META-INF/services/dev.agentmemory.");
    }

    private static final class Hiding extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        Hiding(ClassLoader delegate) {
            super("hotpath-ab-shared", delegate);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith(OURS)) {
                throw new ClassNotFoundException(name + " is hidden from the builds' shared parent");
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            return hidden(name) ? null : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return hidden(name) ? Collections.emptyEnumeration() : super.getResources(name);
        }
    }
}
