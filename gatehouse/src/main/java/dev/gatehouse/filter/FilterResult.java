package dev.gatehouse.filter;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link RequestFilter} decided: go on to the next filter and then the backend, or answer
 * the client now with a status, a few headers and a small fixed body.
 *
 * @param status  null to continue
 * @param reason  a short machine-readable reason for logs and metrics, e.g. {@code ip-denied}
 * @param headers extra response headers (e.g. {@code WWW-Authenticate}, {@code Retry-After})
 */
public record FilterResult(HttpResponseStatus status, String reason, List<Map.Entry<String, String>> headers) {

    /** Go on. */
    public static final FilterResult CONTINUE = new FilterResult(null, null, List.of());

    public FilterResult {
        headers = List.copyOf(headers);
    }

    /** Answer {@code status} now; nothing of the request reaches a backend. */
    public static FilterResult reject(HttpResponseStatus status, String reason) {
        return new FilterResult(Objects.requireNonNull(status, "status"), Objects.requireNonNull(reason, "reason"),
                List.of());
    }

    /** Answer {@code status} now, with extra headers. */
    public static FilterResult reject(HttpResponseStatus status, String reason, List<Map.Entry<String, String>> headers) {
        return new FilterResult(Objects.requireNonNull(status, "status"), Objects.requireNonNull(reason, "reason"),
                headers);
    }

    public boolean isContinue() {
        return status == null;
    }
}
