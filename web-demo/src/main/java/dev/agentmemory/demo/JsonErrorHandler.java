package dev.agentmemory.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Thread-safe: share one instance. Jetty's own refusals, made before a request reaches Javalin
 * (a NUL in a header, a header block over the limit, a malformed request line; the 503 of a
 * graceful stop), in the API's error format instead of Jetty's HTML page: every answer the
 * server gives is JSON, with a message that names no class, file or stack.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final HttpCounters counters;

    JsonErrorHandler(HttpCounters counters) {
        this.counters = counters;
    }

    /** Jetty writes error bodies for GET, POST and HEAD only; the API's DELETE, PUT and the rest get one too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
            Callback callback) throws IOException {
        counters.refused(status);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", codeOf(status));
        // Jetty's messages for bad requests are short and safe ("Illegal character CNTL=0x0"); a cause may not be.
        error.put("message", cause == null && message != null && !message.isBlank()
                ? "the request was refused: " + MemoryApi.abbreviate(message)
                : "the request was refused: " + HttpStatus.getMessage(status));
        byte[] json = JsonBody.MAPPER.writeValueAsBytes(Map.of("error", error));
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        DemoServer.SECURITY_HEADERS.forEach((name, value) -> response.getHeaders().put(name, value));
        response.write(true, ByteBuffer.wrap(json), callback);
    }

    private static String codeOf(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 414 -> "URI_TOO_LONG";
            case 431 -> "HEADERS_TOO_LARGE";
            case 503 -> "UNAVAILABLE";
            default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
    }
}
