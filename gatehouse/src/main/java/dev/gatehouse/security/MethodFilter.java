package dev.gatehouse.security;

import dev.gatehouse.filter.FilterContext;
import dev.gatehouse.filter.FilterResult;
import dev.gatehouse.filter.RequestFilter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Admits only the methods a route lists ({@code methods: [GET, POST]}); any other is answered 405
 * with an {@code Allow} header naming the listed ones (RFC 9110 §15.5.6).
 */
public final class MethodFilter implements RequestFilter {

    private final Set<String> allowed;
    private final FilterResult notAllowed;

    /** @param methods upper-case method names, at least one */
    public MethodFilter(List<String> methods) {
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("methods: empty (expected: at least one method)");
        }
        this.allowed = Set.copyOf(methods);
        // Built once: every rejection on this route answers the same.
        this.notAllowed = FilterResult.reject(HttpResponseStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                List.of(Map.entry("Allow", String.join(", ", methods))));
    }

    @Override
    public String name() {
        return "methods";
    }

    @Override
    public FilterResult onRequest(FilterContext context) {
        return allowed.contains(context.method().name()) ? FilterResult.CONTINUE : notAllowed;
    }
}
