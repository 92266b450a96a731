package dev.gatehouse.demo;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a request to a demo backend asks for, read from its path and query: the kind of answer
 * and its parameter, or the problem that makes it a 400.
 *
 * @param kind    the kind of answer
 * @param status  the status to answer with ({@code /status/N}; 200 otherwise)
 * @param amount  milliseconds to wait ({@code /slow?ms=N}) or bytes to send ({@code /bytes?n=N})
 * @param problem why the parameters were rejected, or {@code null}
 */
record DemoRequest(DemoRequest.Kind kind, HttpResponseStatus status, long amount, String problem) {

    private static final long MAX_SLOW_MILLIS = TimeUnit.HOURS.toMillis(1);

    /** The kinds of answer a demo backend gives. */
    enum Kind { PLAIN, HEALTH, STATUS, SLOW, ECHO, BYTES }

    static DemoRequest of(HttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        if (path.equals("/health")) {
            return new DemoRequest(Kind.HEALTH, HttpResponseStatus.OK, 0, null);
        }
        if (path.equals("/slow")) {
            return withAmount(Kind.SLOW, uri.parameters(), "ms", MAX_SLOW_MILLIS, "/slow?ms=500");
        }
        if (path.startsWith("/status/")) {
            return status(path.substring("/status/".length()));
        }
        if (path.equals("/echo") && !HttpMethod.HEAD.equals(request.method())) {
            return new DemoRequest(Kind.ECHO, HttpResponseStatus.OK, 0, null);
        }
        if (path.equals("/bytes")) {
            return withAmount(Kind.BYTES, uri.parameters(), "n", Long.MAX_VALUE, "/bytes?n=1048576");
        }
        return new DemoRequest(Kind.PLAIN, HttpResponseStatus.OK, 0, null);
    }

    /** The status to answer with: {@link #status}, or 400 when a parameter was rejected. */
    HttpResponseStatus answerStatus() {
        return problem == null ? status : HttpResponseStatus.BAD_REQUEST;
    }

    private static DemoRequest status(String text) {
        try {
            int code = Integer.parseInt(text);
            if (code >= 200 && code <= 599) {
                return new DemoRequest(Kind.STATUS, HttpResponseStatus.valueOf(code), 0, null);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        return new DemoRequest(Kind.STATUS, HttpResponseStatus.BAD_REQUEST, 0,
                "status: \"" + text + "\" (expected: 200..599, e.g. /status/503)");
    }

    private static DemoRequest withAmount(Kind kind, Map<String, List<String>> parameters, String name, long max,
                                          String example) {
        List<String> values = parameters.get(name);
        String text = values == null || values.isEmpty() ? null : values.get(0);
        try {
            long value = text == null ? -1 : Long.parseLong(text);
            if (value >= 0 && value <= max) {
                return new DemoRequest(kind, HttpResponseStatus.OK, value, null);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        return new DemoRequest(kind, HttpResponseStatus.OK, 0, name + ": " + (text == null ? "missing" : "\"" + text + "\"")
                + " (expected: 0.." + max + ", e.g. " + example + ")");
    }
}
