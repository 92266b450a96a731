package dev.gatehouse.config.load;

import dev.gatehouse.config.AdminConfig;
import dev.gatehouse.config.DataSize;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.HostPort;
import dev.gatehouse.config.ListenerConfig;
import dev.gatehouse.config.ListenerLimitsConfig;
import dev.gatehouse.config.PoolConfig;
import dev.gatehouse.config.RouteConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a parsed config tree against the shape of {@link GatehouseConfig} and builds the
 * records, reporting every problem rather than stopping at the first.
 *
 * <p>This class reads the top level, the listeners and the admin side; routes and pools have
 * their own validators.
 */
final class ConfigValidator {

    private static final List<String> TOP_KEYS = List.of("listeners", "admin", "routes", "pools");
    private static final List<String> LISTENER_KEYS = List.of("name", "address", "limits", "access", "trusted-proxies",
            "path-normalization");
    private static final List<String> LIMIT_KEYS = List.of(
            "max-request-line", "max-header-size", "max-body-size", "header-timeout", "idle-timeout", "max-headers",
            "max-connections-per-client", "body-timeout", "min-body-rate", "min-body-rate-window");

    private static final String TOP = "a map with listeners, admin, routes and pools";
    private static final String SIZE = "a size, e.g. \"16KiB\"";
    private static final String DURATION = "a duration, e.g. \"10s\"";

    private final Problems problems;

    ConfigValidator(Problems problems) {
        this.problems = problems;
    }

    /** The config described by {@code root}, or null when any problem was found. */
    GatehouseConfig validate(YamlNode root) {
        if (root.kind() == YamlNode.Kind.NULL) {
            problems.add(root.line(), "", "the file is empty (expected: " + TOP + ")");
            return null;
        }
        Section top = Section.of(root, "", TOP, TOP_KEYS, problems);
        if (top == null) {
            return null;
        }
        List<ListenerConfig> listeners = listeners(top);
        AdminConfig admin = admin(top);
        Map<String, PoolConfig> pools = new PoolsValidator(problems).pools(top);
        List<RouteConfig> routes = new RoutesValidator(problems).routes(top, poolNames(top));
        if (!problems.isEmpty()) {
            return null;
        }
        return new GatehouseConfig(listeners, admin, routes, pools);
    }

    /**
     * The pool names routes may refer to: every key under {@code pools}, even of a pool with
     * problems, so that one broken pool does not also make each of its routes an error.
     * Null when {@code pools} is not a map and references cannot be checked.
     */
    private static Set<String> poolNames(Section top) {
        YamlNode pools = top.get("pools");
        return pools != null && pools.kind() == YamlNode.Kind.MAP ? pools.entries().keySet() : null;
    }

    private List<ListenerConfig> listeners(Section top) {
        List<YamlNode> items = top.list("listeners",
                "a list of listeners, e.g. - { name: public, address: 0.0.0.0:8080 }", true);
        List<ListenerConfig> listeners = new ArrayList<>();
        UniqueNames names = new UniqueNames();
        for (int i = 0; i < items.size(); i++) {
            String path = top.itemPath("listeners", i);
            Section listener = Section.of(items.get(i), path,
                    "a listener: a map with name, address and optional limits", LISTENER_KEYS, problems);
            if (listener == null) {
                continue;
            }
            String name = listener.text("name", "a unique listener name, e.g. public", true);
            if (name != null) {
                names.claim(name, path, listener.get("name").line(), listener.pathOf("name"), problems);
            }
            HostPort address = listener.requiredValue("address", "host:port, e.g. 0.0.0.0:8080", HostPort::parse);
            ListenerLimitsConfig limits = limits(listener);
            SecurityValidator security = new SecurityValidator(problems);
            List<String> trusted = security.cidrs(listener, "trusted-proxies");
            dev.gatehouse.config.AccessConfig access = security.access(listener);
            Boolean reject = listener.value("path-normalization", "normalize or reject", ConfigValidator::rejectPaths,
                    false);
            if (name != null && address != null && limits != null && reject != null) {
                listeners.add(new ListenerConfig(name, address, limits, access, trusted, reject));
            }
        }
        return listeners;
    }

    /** {@code normalize} (false) or {@code reject} (true). */
    static Boolean rejectPaths(String text) {
        return switch (text.strip()) {
            case "normalize" -> false;
            case "reject" -> true;
            default -> throw new IllegalArgumentException(YamlNode.quote(text)
                    + " is not a path-normalization mode (expected: normalize or reject)");
        };
    }

    private ListenerLimitsConfig limits(Section listener) {
        YamlNode node = listener.get("limits");
        if (node == null) {
            return ListenerLimitsConfig.DEFAULTS;
        }
        Section limits = Section.of(node, listener.pathOf("limits"),
                "a map of limits, e.g. { max-body-size: 10MiB, idle-timeout: 60s }", LIMIT_KEYS, problems);
        if (limits == null) {
            return null;
        }
        ListenerLimitsConfig defaults = ListenerLimitsConfig.DEFAULTS;
        DataSize requestLine = limits.value("max-request-line", SIZE, ValueParsers::positiveSize, defaults.maxRequestLine());
        DataSize headerSize = limits.value("max-header-size", SIZE, ValueParsers::positiveSize, defaults.maxHeaderSize());
        // Zero is allowed here: it means "no limit" for bodies.
        DataSize bodySize = limits.value("max-body-size", SIZE, DataSize::parse, defaults.maxBodySize());
        Duration headerTimeout = limits.value("header-timeout", DURATION, ValueParsers::positiveDuration, defaults.headerTimeout());
        Duration idleTimeout = limits.value("idle-timeout", DURATION, ValueParsers::positiveDuration, defaults.idleTimeout());
        Integer maxHeaders = limits.value("max-headers", "a whole number of header fields, 1 to 10000",
                ValueParsers.wholeNumber(1, 10_000), defaults.maxHeaders());
        Integer perClient = limits.value("max-connections-per-client",
                "a whole number of connections, 0 (no limit) to 1000000", ValueParsers.wholeNumber(0, 1_000_000),
                defaults.maxConnectionsPerClient());
        Duration bodyTimeout = limits.value("body-timeout", DURATION, ValueParsers::positiveDuration,
                defaults.bodyTimeout());
        Long minBodyRate = limits.value("min-body-rate", "a size per second, e.g. \"1KiB/s\", or 0 for none",
                ValueParsers::byteRate, defaults.minBodyRate());
        Duration rateWindow = limits.value("min-body-rate-window", "a duration of at least 1s, e.g. \"10s\"",
                ValueParsers::rateWindow, defaults.minBodyRateWindow());
        if (requestLine == null || headerSize == null || bodySize == null || headerTimeout == null || idleTimeout == null
                || maxHeaders == null || perClient == null || bodyTimeout == null || minBodyRate == null
                || rateWindow == null) {
            return null;
        }
        return new ListenerLimitsConfig(requestLine, headerSize, bodySize, headerTimeout, idleTimeout, maxHeaders,
                perClient, bodyTimeout, minBodyRate, rateWindow);
    }

    private AdminConfig admin(Section top) {
        return new AdminValidator(problems).admin(top);
    }
}
