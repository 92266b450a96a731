package dev.gatehouse.proxy.error;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * Every way a request can fail at the gateway, each mapped once to the status and the small
 * fixed body the client sees. Clients never see internal messages.
 */
public enum ProxyFailure {
    BAD_REQUEST(HttpResponseStatus.BAD_REQUEST, "bad request"),
    /** An absolute-form request-target whose authority is not the {@code Host} header's. */
    HOST_MISMATCH(HttpResponseStatus.BAD_REQUEST, "bad request"),
    NO_ROUTE(HttpResponseStatus.NOT_FOUND, "no route for this host and path"),
    HEADER_TIMEOUT(HttpResponseStatus.REQUEST_TIMEOUT, "request headers not received in time"),
    BODY_TIMEOUT(HttpResponseStatus.REQUEST_TIMEOUT, "request body not received in time"),
    /** The body arrived slower than the listener's {@code min-body-rate}. */
    BODY_TOO_SLOW(HttpResponseStatus.REQUEST_TIMEOUT, "request body not received in time"),
    BODY_TOO_LARGE(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large"),
    URI_TOO_LONG(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long"),
    HEADERS_TOO_LARGE(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers too large"),
    VERSION_NOT_SUPPORTED(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "http version not supported"),
    UPSTREAM_UNAVAILABLE(HttpResponseStatus.BAD_GATEWAY, "bad gateway"),
    /** The backend switched protocols where the route does not allow it, or to another protocol. */
    UNEXPECTED_UPGRADE(HttpResponseStatus.BAD_GATEWAY, "bad gateway"),
    NO_ENDPOINT(HttpResponseStatus.SERVICE_UNAVAILABLE, "no backend available"),
    /** The pool's circuit breaker refused the request: its endpoints at their limits, or too many waiting. */
    CIRCUIT_OPEN(HttpResponseStatus.SERVICE_UNAVAILABLE, "no backend available"),
    /** The request waited for a connection (max-connections) longer than the pool's connect timeout. */
    PENDING_TIMEOUT(HttpResponseStatus.SERVICE_UNAVAILABLE, "no backend available"),
    UPSTREAM_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, "backend timed out");

    private final HttpResponseStatus status;
    private final byte[] body;

    ProxyFailure(HttpResponseStatus status, String text) {
        this.status = status;
        this.body = (status.code() + " " + text + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    public HttpResponseStatus status() {
        return status;
    }

    /** The fixed body; callers wrap it, never modify it. */
    byte[] body() {
        return body;
    }

    /**
     * Whether the client connection may stay open after this answer (when the request itself
     * was read whole): framing and limit errors leave the stream in an unknown state.
     */
    public boolean keepsConnection() {
        return switch (this) {
            case NO_ROUTE, NO_ENDPOINT, CIRCUIT_OPEN, PENDING_TIMEOUT, UPSTREAM_UNAVAILABLE, UNEXPECTED_UPGRADE,
                    UPSTREAM_TIMEOUT -> true;
            default -> false;
        };
    }
}
