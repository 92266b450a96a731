package dev.gatehouse.routing;

import dev.gatehouse.config.RouteConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a request's host and path to a {@link Route}: the most specific host group first (exact
 * name, then the longest {@code *.suffix}, then routes for any host), and within it the longest
 * path prefix; equal prefixes keep file order. Compiled once per config, read-only afterwards.
 *
 * <p>When the most specific host group has no prefix matching the path, the next group is tried,
 * so an exact-host route for {@code /api/} does not hide a catch-all {@code /} route.
 */
public final class Router {

    private final Map<String, PrefixTable> exactHosts;
    private final String[] wildcardSuffixes; // ".example.com", longest first
    private final PrefixTable[] wildcardTables;
    private final PrefixTable anyHost;

    private Router(Map<String, PrefixTable> exactHosts, String[] wildcardSuffixes,
                   PrefixTable[] wildcardTables, PrefixTable anyHost) {
        this.exactHosts = exactHosts;
        this.wildcardSuffixes = wildcardSuffixes;
        this.wildcardTables = wildcardTables;
        this.anyHost = anyHost;
    }

    /** Compiles the routes of a validated config. */
    public static Router compile(List<RouteConfig> routes) {
        Map<String, List<Route>> exact = new HashMap<>();
        Map<String, List<Route>> wildcard = new HashMap<>();
        List<Route> any = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            RouteConfig rc = routes.get(i);
            String host = rc.match().host() == null ? null : rc.match().host().toLowerCase(Locale.ROOT);
            String name = rc.name() != null ? rc.name() : "route-" + (i + 1);
            Route route = new Route(name, host, rc.match().pathPrefix(), rc.pool(), i);
            if (host == null || host.equals("*")) {
                any.add(route);
            } else if (host.startsWith("*.")) {
                wildcard.computeIfAbsent(host.substring(1), k -> new ArrayList<>()).add(route);
            } else {
                exact.computeIfAbsent(host, k -> new ArrayList<>()).add(route);
            }
        }
        Map<String, PrefixTable> exactTables = new HashMap<>();
        exact.forEach((h, list) -> exactTables.put(h, PrefixTable.of(list)));
        List<String> suffixes = new ArrayList<>(wildcard.keySet());
        suffixes.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        PrefixTable[] tables = new PrefixTable[suffixes.size()];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = PrefixTable.of(wildcard.get(suffixes.get(i)));
        }
        return new Router(Map.copyOf(exactTables), suffixes.toArray(new String[0]), tables, PrefixTable.of(any));
    }

    /**
     * The route for a request, or null (404).
     *
     * @param host the request's host, lower-case, without port; null when the request has none
     * @param path the request path (no query), starting with "/"
     */
    public Route route(String host, String path) {
        if (host != null) {
            PrefixTable table = exactHosts.get(host);
            if (table != null) {
                Route r = table.match(path);
                if (r != null) {
                    return r;
                }
            }
            String[] suffixes = wildcardSuffixes;
            for (int i = 0; i < suffixes.length; i++) {
                // "*.example.com" matches "a.example.com" but not "example.com" itself.
                if (host.length() > suffixes[i].length() && host.endsWith(suffixes[i])) {
                    Route r = wildcardTables[i].match(path);
                    if (r != null) {
                        return r;
                    }
                }
            }
        }
        return anyHost.match(path);
    }

    /** The routes of one host group, longest prefix first, ties in file order. */
    private record PrefixTable(String[] prefixes, Route[] routes) {

        static PrefixTable of(List<Route> list) {
            List<Route> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingInt((Route r) -> r.pathPrefix().length()).reversed()
                    .thenComparingInt(Route::order));
            String[] prefixes = new String[sorted.size()];
            for (int i = 0; i < prefixes.length; i++) {
                prefixes[i] = sorted.get(i).pathPrefix();
            }
            return new PrefixTable(prefixes, sorted.toArray(new Route[0]));
        }

        Route match(String path) {
            String[] p = prefixes;
            for (int i = 0; i < p.length; i++) {
                if (path.startsWith(p[i])) {
                    return routes[i];
                }
            }
            return null;
        }
    }
}
