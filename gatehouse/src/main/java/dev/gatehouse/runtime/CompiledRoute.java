package dev.gatehouse.runtime;

import dev.gatehouse.filter.RequestFilter;
import dev.gatehouse.proxy.retry.RetryPolicy;
import dev.gatehouse.routing.Route;
import java.util.List;

/**
 * A route joined once, at compile time, with everything a request on it needs: its pool, its
 * policies and its request filters (in the order they run).
 */
public record CompiledRoute(Route route, CompiledPool pool, RetryPolicy retry, RequestFilter[] filters) {

    private static final RequestFilter[] NONE = new RequestFilter[0];

    public CompiledRoute(Route route, CompiledPool pool, RetryPolicy retry) {
        this(route, pool, retry, NONE);
    }

    public CompiledRoute(Route route, CompiledPool pool, RetryPolicy retry, List<RequestFilter> filters) {
        this(route, pool, retry, filters.isEmpty() ? NONE : filters.toArray(NONE));
    }

    public String name() {
        return route.name();
    }
}
