package dev.gatehouse.security;

import dev.gatehouse.config.AuthConfig;
import dev.gatehouse.config.RouteConfig;
import dev.gatehouse.filter.RequestFilter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles the access-control and authentication parts of a config's routes into request
 * filters, in two groups that sit around the rate limit: {@link #access} (strip identity headers,
 * then the route's IP list) runs first, {@link #authentication} last.
 */
public final class SecurityFilters {

    private final IdentityHeadersFilter identityHeaders;
    private final Clock clock;

    private SecurityFilters(Set<String> identityHeaders, Clock clock) {
        this.identityHeaders = new IdentityHeadersFilter(identityHeaders);
        this.clock = clock;
    }

    /**
     * The compiler for {@code routes}: every route strips the identity headers that any route
     * sets ({@code X-Auth-Subject}, {@code X-Auth-Key} and each forwarded claim's header), so a
     * client cannot assert them on a route without authentication either.
     */
    public static SecurityFilters of(List<RouteConfig> routes) {
        Set<String> names = new LinkedHashSet<>(List.of(IdentityHeadersFilter.X_AUTH_SUBJECT,
                IdentityHeadersFilter.X_AUTH_KEY));
        for (RouteConfig route : routes) {
            if (route.auth() != null && route.auth().jwt() != null) {
                names.addAll(route.auth().jwt().forwardClaims().values());
            }
        }
        return new SecurityFilters(names, Clock.systemUTC());
    }

    /** The filters to run first on {@code route}: identity-header stripping, then its IP list. */
    public List<RequestFilter> access(RouteConfig route) {
        List<RequestFilter> filters = new ArrayList<>(2);
        filters.add(identityHeaders);
        if (route.access() != null) {
            filters.add(new IpAccessFilter(IpAccess.compile(route.access())));
        }
        return filters;
    }

    /** The route's authentication filter, if it has one. */
    public List<RequestFilter> authentication(RouteConfig route) {
        AuthConfig auth = route.auth();
        if (auth == null) {
            return List.of();
        }
        if (auth.apiKeys() != null) {
            return List.of(new ApiKeyFilter(auth.apiKeys()));
        }
        if (auth.jwt() != null) {
            return List.of(new JwtFilter(auth.jwt(), clock));
        }
        return List.of();
    }
}
