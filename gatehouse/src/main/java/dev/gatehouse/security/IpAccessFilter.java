package dev.gatehouse.security;

import dev.gatehouse.filter.FilterContext;
import dev.gatehouse.filter.FilterResult;
import dev.gatehouse.filter.RequestFilter;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A route's IP allow/deny list: a client address it refuses gets 403 ({@code ip-denied}). The
 * address is the client's as resolved through the listener's trusted proxies.
 */
final class IpAccessFilter implements RequestFilter {

    static final String REASON = "ip-denied";
    private static final FilterResult DENIED = FilterResult.reject(HttpResponseStatus.FORBIDDEN, REASON);

    private final IpAccess access;

    IpAccessFilter(IpAccess access) {
        this.access = access;
    }

    @Override
    public String name() {
        return "ip-access";
    }

    @Override
    public FilterResult onRequest(FilterContext context) {
        return access.test(context.clientAddress()) ? FilterResult.CONTINUE : DENIED;
    }
}
