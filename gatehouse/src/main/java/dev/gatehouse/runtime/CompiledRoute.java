package dev.gatehouse.runtime;

import dev.gatehouse.filter.RequestFilter;
import dev.gatehouse.proxy.retry.RetryPolicy;
import dev.gatehouse.routing.Route;
import java.util.List;

/**
 * A route joined once, at compile time, with everything a request on it needs: its pool, its
 * policies and its request filters (in the order they run).
 *
 * @param allowUpgrade the protocols (lower-case) a request on the route may switch to; empty for none
 */
public record CompiledRoute(Route route, CompiledPool pool, RetryPolicy retry, RequestFilter[] filters,
                            List<String> allowUpgrade) {

    private static final RequestFilter[] NONE = new RequestFilter[0];

    public CompiledRoute {
        allowUpgrade = List.copyOf(allowUpgrade);
    }

    public CompiledRoute(Route route, CompiledPool pool, RetryPolicy retry) {
        this(route, pool, retry, NONE, List.of());
    }

    public CompiledRoute(Route route, CompiledPool pool, RetryPolicy retry, List<RequestFilter> filters) {
        this(route, pool, retry, filters, List.of());
    }

    public CompiledRoute(Route route, CompiledPool pool, RetryPolicy retry, List<RequestFilter> filters,
                         List<String> allowUpgrade) {
        this(route, pool, retry, filters.isEmpty() ? NONE : filters.toArray(NONE), allowUpgrade);
    }

    public String name() {
        return route.name();
    }
}
