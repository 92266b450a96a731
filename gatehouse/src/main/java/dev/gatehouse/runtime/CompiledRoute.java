package dev.gatehouse.runtime;

import dev.gatehouse.proxy.retry.RetryPolicy;
import dev.gatehouse.routing.Route;

/** A route joined once, at compile time, with everything a request on it needs: its pool and policies. */
public record CompiledRoute(Route route, CompiledPool pool, RetryPolicy retry) {

    public String name() {
        return route.name();
    }
}
