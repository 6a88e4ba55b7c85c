package dev.agentmemory.demo;

/**
 * Immutable and thread-safe: a request the API refuses, with the HTTP status, a stable code and
 * a message that says what was wrong. Rendered as {@code {"error":{"code":...,"message":...}}}.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message, null, false, false); // no stack trace: this is an answer, not a bug
        this.status = status;
        this.code = code;
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
