package dev.gatehouse.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.List;

/** Reads the request attributes hashing and affinity key on: a cookie, a query parameter. */
final class RequestKeys {

    private RequestKeys() {
    }

    /** The value of cookie {@code name} in the request's Cookie headers, or null. */
    static String cookie(HttpHeaders headers, String name) {
        for (String line : headers.getAll(HttpHeaderNames.COOKIE)) {
            // Cheap test first: most requests carry cookies the pool does not key on.
            if (line.contains(name)) {
                for (Cookie c : ServerCookieDecoder.STRICT.decodeAll(line)) {
                    if (c.name().equals(name)) {
                        return c.value();
                    }
                }
            }
        }
        return null;
    }

    /** The first value of query parameter {@code name} in {@code uri}, or null. */
    static String queryParameter(String uri, String name) {
        if (uri.indexOf('?') < 0) {
            return null;
        }
        List<String> values = new QueryStringDecoder(uri).parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
