package dev.agentmemory.mcp;

import dev.agentmemory.MemoryStore;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Thread-safe: share one instance. The MCP server on streamable HTTP, at {@code /mcp}, in an
 * embedded Tomcat.
 *
 * <p>Every request must carry one of the {@link ApiKeys}; the key alone decides the tenant and
 * namespaces of the calls it makes. A request without a known key gets 401 before it reaches
 * the MCP layer. Bind to loopback unless a proxy with TLS stands in front: keys travel in clear.
 */
public final class McpHttpServer implements AutoCloseable {
    /** The path of the MCP endpoint. */
    public static final String ENDPOINT = "/mcp";
    static final String SCOPE = "agentmemory.scope";
    // Tomcat logs through java.util.logging; keep its start-up chatter out of the operator's
    // stderr. Held in a field because JUL keeps loggers only weakly.
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");
    // On stop, Tomcat's web-app class loader reports the SDK's Reactor scheduler threads as leaks;
    // they belong to the whole JVM (the server shares its class loader), so the warning is noise.
    private static final Logger LEAK_CHECK_LOG = Logger.getLogger("org.apache.catalina.loader.WebappClassLoaderBase");

    private final Tomcat tomcat;
    private final McpSyncServer server;
    private final Path baseDir;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private McpHttpServer(Tomcat tomcat, McpSyncServer server, Path baseDir, int port) {
        this.tomcat = tomcat;
        this.server = server;
        this.baseDir = baseDir;
        this.port = port;
    }

    /**
     * Starts the server.
     *
     * @param host the address to bind, for example {@code 127.0.0.1}
     * @param port the port, or 0 for any free one (see {@link #port()})
     * @throws IllegalStateException if the port cannot be bound
     */
    public static McpHttpServer start(MemoryStore store, ApiKeys keys, String host, int port) {
        TOMCAT_LOG.setLevel(Level.WARNING);
        LEAK_CHECK_LOG.setLevel(Level.SEVERE);
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonDefaults.getMapper()).mcpEndpoint(ENDPOINT)
                .contextExtractor((HttpServletRequest request) -> McpTransportContext.create(
                        Map.of(SCOPE, ApiKeyFilter.scope(keys, request).orElseThrow())))
                .build();
        McpSyncServer server = McpServer.sync(transport).serverInfo(MemoryMcpServer.NAME, MemoryMcpServer.VERSION)
                .instructions(MemoryMcpServer.INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(MemoryMcpServer.tools(store, exchange -> (Scope) exchange.transportContext().get(SCOPE)))
                .build();
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory("agent-memory-mcp-tomcat");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Tomcat's work directory", e);
        }
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", host);
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir.toString());
        Wrapper servlet = Tomcat.addServlet(context, "mcp", transport);
        servlet.setAsyncSupported(true);
        servlet.addMapping(ENDPOINT);
        FilterDef filter = new FilterDef();
        filter.setFilterName("api-key");
        filter.setFilter(new ApiKeyFilter(keys));
        filter.setAsyncSupported("true");
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("api-key");
        mapping.addURLPattern("/*");
        context.addFilterMap(mapping);
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            server.close();
            throw new IllegalStateException("cannot start the MCP HTTP server on " + host + ":" + port + ": " + e.getMessage(),
                    e);
        }
        if (connector.getLocalPort() <= 0) {
            stopQuietly(tomcat);
            server.close();
            throw new IllegalStateException("cannot bind the MCP HTTP server to " + host + ":" + port
                    + " (in use, or not an address of this machine)");
        }
        return new McpHttpServer(tomcat, server, baseDir, connector.getLocalPort());
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** Stops accepting requests, closes the MCP sessions and stops Tomcat. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.closeGracefully();
        stopQuietly(tomcat);
        try (var files = Files.walk(baseDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover empty work directory in the temp folder is harmless.
        }
    }

    private static void stopQuietly(Tomcat tomcat) {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            Logger.getLogger(McpHttpServer.class.getName()).log(Level.WARNING, "Tomcat did not stop cleanly", e);
        }
    }

    static Optional<String> keyOf(HttpServletRequest request) {
        String auth = request.getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(auth.substring(7).strip());
        }
        return Optional.ofNullable(request.getHeader("X-API-Key")).map(String::strip);
    }
}
