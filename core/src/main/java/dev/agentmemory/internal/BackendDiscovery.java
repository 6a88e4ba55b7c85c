package dev.agentmemory.internal;

import dev.agentmemory.BackendNotFoundException;
import dev.agentmemory.KnownBackend;
import dev.agentmemory.spi.StorageProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Immutable after loading; thread-safe: the storage providers found on a class path, and
 * the rules that choose one for a URI.
 */
public final class BackendDiscovery {
    private static final String KNOWN_ARTIFACTS = Arrays.stream(KnownBackend.values()).map(KnownBackend::describe)
            .collect(Collectors.joining(", "));

    private final List<StorageProvider> providers;
    private final List<String> loadFailures;

    BackendDiscovery(List<StorageProvider> providers, List<String> loadFailures) {
        this.providers = List.copyOf(providers);
        this.loadFailures = List.copyOf(loadFailures);
    }

    /** Loads every provider visible to {@code loader}; one that fails to load is recorded, not fatal. */
    public static BackendDiscovery load(ClassLoader loader) {
        List<StorageProvider> found = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Iterator<StorageProvider> it = ServiceLoader.load(StorageProvider.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                failures.add(e.getMessage());
            }
        }
        return new BackendDiscovery(found, failures);
    }

    /** The providers that loaded. */
    public List<StorageProvider> providers() {
        return providers;
    }

    /** The messages of providers that failed to load. */
    public List<String> loadFailures() {
        return loadFailures;
    }

    /**
     * Chooses the provider for {@code uri}.
     *
     * @param explicitName the value of {@code agentmemory.backend}, or null
     * @throws BackendNotFoundException if none fits, or several do and nothing decides
     */
    public StorageProvider choose(String uri, String explicitName) {
        if (explicitName != null && !explicitName.isBlank()) {
            StorageProvider named = byName(explicitName.trim());
            if (named == null) {
                throw notFound("the system property agentmemory.backend names '" + explicitName
                        + "', which is not on the classpath", uri);
            }
            if (!named.accepts(uri)) {
                throw notFound("backend '" + named.name() + "' (chosen by agentmemory.backend) does not accept '"
                        + uri + "'; it accepts " + named.uriForms(), uri);
            }
            return named;
        }
        StorageProvider byScheme = byName(scheme(uri));
        if (byScheme != null && byScheme.accepts(uri)) {
            return byScheme;
        }
        List<StorageProvider> accepting = providers.stream().filter(p -> p.accepts(uri)).toList();
        if (accepting.size() == 1) {
            return accepting.get(0);
        }
        if (accepting.isEmpty()) {
            throw notFound("no storage backend accepts '" + uri + "'", uri);
        }
        throw new BackendNotFoundException("several storage backends accept '" + uri + "': "
                + accepting.stream().map(StorageProvider::name).collect(Collectors.joining(", "))
                + "; choose one with a URI scheme or -Dagentmemory.backend=NAME");
    }

    private StorageProvider byName(String name) {
        if (name == null) {
            return null;
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        return providers.stream().filter(p -> p.name().equalsIgnoreCase(wanted)).findFirst().orElse(null);
    }

    private static String scheme(String uri) {
        String rest = uri.startsWith("jdbc:") ? uri.substring(5) : uri;
        int colon = rest.indexOf(':');
        return colon > 0 ? rest.substring(0, colon) : null;
    }

    private BackendNotFoundException notFound(String what, String uri) {
        StringBuilder sb = new StringBuilder(what).append(". Backends found: ");
        if (providers.isEmpty()) {
            sb.append("none");
        } else {
            sb.append(providers.stream().map(p -> p.name() + " " + p.uriForms() + " from " + p.artifact())
                    .collect(Collectors.joining("; ")));
        }
        if (!loadFailures.isEmpty()) {
            sb.append(". Backends that failed to load: ").append(String.join("; ", loadFailures));
        }
        sb.append(". Add the backend for this URI to the classpath: ").append(KNOWN_ARTIFACTS);
        return new BackendNotFoundException(sb.toString());
    }
}
