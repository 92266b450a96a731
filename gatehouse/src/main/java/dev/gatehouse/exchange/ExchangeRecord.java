package dev.gatehouse.exchange;

/**
 * The outcome of one finished exchange, as observability and passive health need it: who asked
 * what, where it went, how it ended and how long each part took.
 *
 * @param startEpochMillis  wall-clock time the request head arrived
 * @param requestId         the request id sent upstream and returned to the client
 * @param clientIp          the client's address
 * @param method            the request method
 * @param uri               the request target as received
 * @param status            the status the client got; 0 when the connection was closed without one
 * @param requestBytes      request body bytes received
 * @param responseBytes     response body bytes sent
 * @param route             the matched route's name, or null
 * @param pool              the pool's name, or null
 * @param endpoint          the endpoint that answered (or was tried last), or null
 * @param upstreamNanos     from sending to the backend to its response head; -1 if none arrived
 * @param totalNanos        from the request head to the end of the response
 * @param retries           how many times the request was sent again to another endpoint
 * @param failure           why the gateway answered instead of a backend (a {@code ProxyFailure}
 *                          name, or {@code client-closed}/{@code aborted}), or null
 */
public record ExchangeRecord(
        long startEpochMillis,
        String requestId,
        String clientIp,
        String method,
        String uri,
        int status,
        long requestBytes,
        long responseBytes,
        String route,
        String pool,
        String endpoint,
        long upstreamNanos,
        long totalNanos,
        int retries,
        String failure) {
}
