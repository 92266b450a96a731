package dev.gatehouse.routing;

import dev.gatehouse.config.RouteConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Maps a request's host and path to a {@link Route}: the most specific host group first (exact
 * name, then the longest {@code *.suffix}, then routes for any host), and within it the longest
 * path prefix; equal prefixes keep file order. Compiled once per config, read-only afterwards.
 *
 * <p>When the most specific host group has no prefix matching the path, the next group is tried,
 * so an exact-host route for {@code /api/} does not hide a catch-all {@code /} route.
 */
public final class Router<T> {

    private final Map<String, PrefixTable<T>> exactHosts;
    private final String[] wildcardSuffixes; // ".example.com", longest first
    private final PrefixTable<T>[] wildcardTables;
    private final PrefixTable<T> anyHost;

    private Router(Map<String, PrefixTable<T>> exactHosts, String[] wildcardSuffixes,
                   PrefixTable<T>[] wildcardTables, PrefixTable<T> anyHost) {
        this.exactHosts = exactHosts;
        this.wildcardSuffixes = wildcardSuffixes;
        this.wildcardTables = wildcardTables;
        this.anyHost = anyHost;
    }

    /** Compiles the routes of a validated config; lookups answer the {@link Route} itself. */
    public static Router<Route> compile(List<RouteConfig> routes) {
        return compile(routes, (route, config) -> route);
    }

    /**
     * Compiles the routes of a validated config; lookups answer what {@code target} made of each
     * route once, here (e.g. the route joined with its pool and policies).
     */
    @SuppressWarnings("unchecked")
    public static <T> Router<T> compile(List<RouteConfig> routes, BiFunction<Route, RouteConfig, T> target) {
        Map<String, List<Entry<T>>> exact = new HashMap<>();
        Map<String, List<Entry<T>>> wildcard = new HashMap<>();
        List<Entry<T>> any = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            RouteConfig rc = routes.get(i);
            String host = rc.match().host() == null ? null : rc.match().host().toLowerCase(Locale.ROOT);
            String name = rc.name() != null ? rc.name() : "route-" + (i + 1);
            Route route = new Route(name, host, rc.match().pathPrefix(), rc.pool(), i);
            Entry<T> entry = new Entry<>(route, target.apply(route, rc));
            if (host == null || host.equals("*")) {
                any.add(entry);
            } else if (host.startsWith("*.")) {
                wildcard.computeIfAbsent(host.substring(1), k -> new ArrayList<>()).add(entry);
            } else {
                exact.computeIfAbsent(host, k -> new ArrayList<>()).add(entry);
            }
        }
        Map<String, PrefixTable<T>> exactTables = new HashMap<>();
        exact.forEach((h, list) -> exactTables.put(h, PrefixTable.of(list)));
        List<String> suffixes = new ArrayList<>(wildcard.keySet());
        suffixes.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        PrefixTable<T>[] tables = new PrefixTable[suffixes.size()];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = PrefixTable.of(wildcard.get(suffixes.get(i)));
        }
        return new Router<>(Map.copyOf(exactTables), suffixes.toArray(new String[0]), tables, PrefixTable.of(any));
    }

    /**
     * The route for a request, or null (404).
     *
     * @param host the request's host, lower-case, without port; null when the request has none
     * @param path the request path (no query), starting with "/"
     */
    public T route(String host, String path) {
        if (host != null) {
            PrefixTable<T> table = exactHosts.get(host);
            if (table != null) {
                T r = table.match(path);
                if (r != null) {
                    return r;
                }
            }
            String[] suffixes = wildcardSuffixes;
            for (int i = 0; i < suffixes.length; i++) {
                // "*.example.com" matches "a.example.com" but not "example.com" itself.
                if (host.length() > suffixes[i].length() && host.endsWith(suffixes[i])) {
                    T r = wildcardTables[i].match(path);
                    if (r != null) {
                        return r;
                    }
                }
            }
        }
        return anyHost.match(path);
    }

    private record Entry<T>(Route route, T target) {
    }

    /** The routes of one host group, longest prefix first, ties in file order. */
    private record PrefixTable<T>(String[] prefixes, T[] targets) {

        @SuppressWarnings("unchecked")
        static <T> PrefixTable<T> of(List<Entry<T>> list) {
            List<Entry<T>> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingInt((Entry<T> e) -> e.route().pathPrefix().length()).reversed()
                    .thenComparingInt(e -> e.route().order()));
            String[] prefixes = new String[sorted.size()];
            T[] targets = (T[]) new Object[sorted.size()];
            for (int i = 0; i < prefixes.length; i++) {
                prefixes[i] = sorted.get(i).route().pathPrefix();
                targets[i] = sorted.get(i).target();
            }
            return new PrefixTable<>(prefixes, targets);
        }

        T match(String path) {
            String[] p = prefixes;
            for (int i = 0; i < p.length; i++) {
                if (path.startsWith(p[i])) {
                    return targets[i];
                }
            }
            return null;
        }
    }
}
