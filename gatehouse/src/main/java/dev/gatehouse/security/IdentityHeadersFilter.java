package dev.gatehouse.security;

import dev.gatehouse.filter.FilterContext;
import dev.gatehouse.filter.FilterResult;
import dev.gatehouse.filter.RequestFilter;
import io.netty.util.AsciiString;
import java.util.Collection;

/**
 * Removes the headers through which the gateway tells backends who the client is
 * ({@code X-Auth-Subject}, {@code X-Auth-Key} and every configured claim header) from each
 * incoming request, so a client can never assert an identity itself. Runs first on every route,
 * before any authentication filter sets them.
 */
final class IdentityHeadersFilter implements RequestFilter {

    static final String X_AUTH_SUBJECT = "X-Auth-Subject";
    static final String X_AUTH_KEY = "X-Auth-Key";

    private final AsciiString[] names;

    IdentityHeadersFilter(Collection<String> names) {
        this.names = names.stream().map(AsciiString::cached).toArray(AsciiString[]::new);
    }

    @Override
    public String name() {
        return "identity-headers";
    }

    @Override
    public FilterResult onRequest(FilterContext context) {
        for (AsciiString name : names) {
            context.headers().remove(name);
        }
        return FilterResult.CONTINUE;
    }
}
