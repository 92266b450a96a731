package dev.gatehouse.config.load;

import dev.gatehouse.config.MatchConfig;
import dev.gatehouse.config.RetryConfig;
import dev.gatehouse.config.RetryConfig.RetryOn;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import dev.gatehouse.config.RouteConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks the {@code routes} section and builds the {@link RouteConfig}s in match order. */
final class RoutesValidator {

    private static final List<String> ROUTE_KEYS = List.of("name", "match", "pool", "retries", "rate-limit",
            "access", "auth", "methods", "allow-upgrade");
    private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z0-9_-]{0,31}");
    private static final String METHODS = "a list of methods, e.g. [GET, HEAD, POST]";
    /** RFC 9110 §7.8 protocol: a token, optionally "/" and a version token. */
    private static final Pattern PROTOCOL = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+(/[!#$%&'*+.^_`|~0-9A-Za-z-]+)?");
    private static final String UPGRADES = "a list of protocols, e.g. [websocket]";
    private static final List<String> RETRY_KEYS = List.of("attempts", "on", "per-try-timeout", "budget-percent");
    private static final String RETRIES = "a map, e.g. { attempts: 3, on: [connect-failure, reset, 503], per-try-timeout: 2s }";
    private static final List<String> MATCH_KEYS = List.of("host", "path-prefix");

    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    private static final Pattern HOST_NAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*");
    private static final int MAX_HOST_LENGTH = 253;

    private static final String HOST = "a host name or *.suffix, e.g. api.example.com or *.example.com";
    private static final String PATH_PREFIX = "a path starting with \"/\", e.g. /api/";
    private static final String MATCH = "a map with path-prefix and optional host, e.g. { host: api.example.com, path-prefix: /api/ }";

    private final Problems problems;

    RoutesValidator(Problems problems) {
        this.problems = problems;
    }

    /**
     * The routes, or an incomplete list after problems.
     *
     * @param poolNames the pools routes may name; null when unknown (then references go unchecked)
     */
    List<RouteConfig> routes(Section top, Set<String> poolNames) {
        List<YamlNode> items = top.list("routes",
                "a list of routes, e.g. - { match: { path-prefix: / }, pool: web }", true);
        List<RouteConfig> routes = new ArrayList<>();
        UniqueNames names = new UniqueNames();
        for (int i = 0; i < items.size(); i++) {
            String path = top.itemPath("routes", i);
            Section route = Section.of(items.get(i), path,
                    "a route: a map with match, pool and optional name", ROUTE_KEYS, problems);
            if (route == null) {
                continue;
            }
            String name = name(route, i, path, names);
            MatchConfig match = match(route);
            String pool = route.requiredValue("pool", "the name of a pool under pools, e.g. web",
                    text -> checkPool(text, poolNames));
            RetryConfig retries = retries(route);
            RateLimitValidator.Result rateLimit = new RateLimitValidator(problems).rateLimit(route);
            SecurityValidator security = new SecurityValidator(problems);
            dev.gatehouse.config.AccessConfig access = security.access(route);
            dev.gatehouse.config.AuthConfig auth = security.auth(route);
            List<String> methods = methods(route);
            List<String> upgrades = allowUpgrade(route);
            if (name != null && match != null && pool != null && retries != null && !rateLimit.failed()
                    && methods != null && upgrades != null) {
                // access and auth are null when absent or after a problem (then the config is refused whole).
                routes.add(new RouteConfig(name, match, pool, retries, rateLimit.config(), access, auth, methods,
                        upgrades));
            }
        }
        return routes;
    }

    /** The methods the route admits (empty: any), or null after problems. */
    private List<String> methods(Section route) {
        if (route.get("methods") == null) {
            return List.of();
        }
        List<YamlNode> items = route.list("methods", METHODS, true);
        List<String> methods = new ArrayList<>();
        boolean ok = !items.isEmpty();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String text = item.text();
            if (text == null || !METHOD.matcher(text.strip()).matches()) {
                problems.add(item.line(), route.itemPath("methods", i), Section.found(item)
                        + " is not a method (expected: an upper-case method name, e.g. GET)");
                ok = false;
            } else if (!methods.contains(text.strip())) {
                methods.add(text.strip());
            }
        }
        return ok ? methods : null;
    }

    /**
     * The protocols the route lets a request switch to (lower-cased: protocol names compare
     * case-insensitively), empty when absent, or null after problems. {@code h2c} is refused: a
     * gateway that tunnels it lets a client talk HTTP/2 to the backend past every check made here.
     */
    private List<String> allowUpgrade(Section route) {
        if (route.get("allow-upgrade") == null) {
            return List.of();
        }
        List<YamlNode> items = route.list("allow-upgrade", UPGRADES, true);
        List<String> protocols = new ArrayList<>();
        boolean ok = !items.isEmpty();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String text = item.text() == null ? null : item.text().strip().toLowerCase(Locale.ROOT);
            if (text == null || !PROTOCOL.matcher(text).matches()) {
                problems.add(item.line(), route.itemPath("allow-upgrade", i), quoted(item)
                        + " is not a protocol (expected: a protocol token, e.g. websocket)");
                ok = false;
            } else if (text.equals("h2c") || text.startsWith("h2c/")) {
                problems.add(item.line(), route.itemPath("allow-upgrade", i), quoted(item)
                        + " is never tunnelled (expected: another protocol, e.g. websocket)");
                ok = false;
            } else if (!protocols.contains(text)) {
                protocols.add(text);
            }
        }
        return ok ? protocols : null;
    }

    /** A list item as written: its text quoted, or what was found instead of a text. */
    private static String quoted(YamlNode item) {
        return item.text() == null ? Section.found(item) : YamlNode.quote(item.text());
    }

    /** The route's name, defaulting to route-N (1-based) so every route has one in logs and metrics. */
    private String name(Section route, int index, String path, UniqueNames names) {
        if (route.get("name") == null) {
            String name = "route-" + (index + 1);
            // A default can collide with a name written on another route; blame this route's line.
            names.claim(name, path, route.line(), path, problems);
            return name;
        }
        String name = route.text("name", "a route name, e.g. api", false);
        if (name != null) {
            names.claim(name, path, route.get("name").line(), route.pathOf("name"), problems);
        }
        return name;
    }

    /** The route's retry policy (defaults when absent), or null after problems. */
    private RetryConfig retries(Section route) {
        YamlNode node = route.get("retries");
        if (node == null) {
            return RetryConfig.DEFAULTS;
        }
        Section retries = Section.of(node, route.pathOf("retries"), RETRIES, RETRY_KEYS, problems);
        if (retries == null) {
            return null;
        }
        RetryConfig d = RetryConfig.DEFAULTS;
        Integer attempts = retries.value("attempts", "a whole number of tries from 1 to 10 (1 = no retry)",
                ValueParsers.wholeNumber(1, 10), d.attempts());
        Duration perTry = retries.value("per-try-timeout", "a duration, e.g. \"2s\"",
                ValueParsers::positiveDuration, d.perTryTimeout());
        Integer budget = retries.value("budget-percent", "a whole number from 0 to 100",
                ValueParsers.wholeNumber(0, 100), d.budgetPercent());
        Set<RetryOn> on = d.on();
        if (retries.get("on") != null) {
            on = EnumSet.noneOf(RetryOn.class);
            List<YamlNode> items = retries.list("on", "a list, e.g. [connect-failure, reset, 502, 503, 504]", false);
            for (int i = 0; i < items.size(); i++) {
                YamlNode item = items.get(i);
                String text = item.text();
                Optional<RetryOn> value = text == null ? Optional.empty() : RetryOn.fromConfigName(text.strip());
                if (value.isEmpty()) {
                    problems.add(item.line(), retries.itemPath("on", i), Section.found(item)
                            + " is not a retry condition (" + Suggestions.hint(text == null ? "" : text.strip(),
                            RetryOn.configNames()) + ")");
                    on = null;
                } else if (on != null) {
                    on.add(value.get());
                }
            }
        }
        if (attempts == null || budget == null || on == null
                || (retries.get("per-try-timeout") != null && perTry == null)) {
            return null;
        }
        return new RetryConfig(attempts, on, perTry, budget);
    }

    private MatchConfig match(Section route) {
        YamlNode node = route.require("match", MATCH);
        if (node == null) {
            return null;
        }
        Section match = Section.of(node, route.pathOf("match"), MATCH, MATCH_KEYS, problems);
        if (match == null) {
            return null;
        }
        boolean hostGiven = match.get("host") != null;
        String host = match.value("host", HOST, RoutesValidator::hostPattern, null);
        String pathPrefix = match.requiredValue("path-prefix", PATH_PREFIX, RoutesValidator::pathPrefix);
        if ((hostGiven && host == null) || pathPrefix == null) {
            return null;
        }
        return new MatchConfig(host, pathPrefix);
    }

    /** An exact host name or {@code *.suffix}, lower-cased because host names are case-insensitive. */
    static String hostPattern(String text) {
        String host = text.strip().toLowerCase(Locale.ROOT);
        if (host.equals("*")) {
            throw new IllegalArgumentException("\"*\" is not needed (expected: leave host out to match any host)");
        }
        String name = host.startsWith("*.") ? host.substring(2) : host;
        if (name.length() > MAX_HOST_LENGTH || !HOST_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " is not a host name (expected: " + HOST + ")");
        }
        return host;
    }

    static String pathPrefix(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " does not start with \"/\" (expected: " + PATH_PREFIX + ")");
        }
        // The router compares raw request paths; a query, fragment or space could never match.
        if (text.chars().anyMatch(c -> c == '?' || c == '#' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " has a '?', '#' or space (expected: only a path, e.g. /api/)");
        }
        return text;
    }

    private static String checkPool(String name, Set<String> poolNames) {
        if (poolNames != null && !poolNames.contains(name)) {
            String hint = poolNames.isEmpty() ? "expected: a pool defined under pools" : Suggestions.hint(name, poolNames);
            throw new IllegalArgumentException(YamlNode.quote(name) + " is not a pool (" + hint + ")");
        }
        return name;
    }
}
