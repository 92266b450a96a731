package dev.gatehouse.config.load;

import dev.gatehouse.config.BackendConfig;
import dev.gatehouse.config.HostPort;
import dev.gatehouse.config.PoolConfig;
import dev.gatehouse.config.StrategyType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks the {@code pools} section and builds a {@link PoolConfig} per pool, in file order. */
final class PoolsValidator {

    private static final List<String> POOL_KEYS = List.of(
            "strategy", "connect-timeout", "response-timeout", "max-idle-per-loop", "idle-timeout", "backends");
    private static final List<String> BACKEND_KEYS = List.of("name", "address", "weight");

    private static final String POOLS = "a map of pool names to pools, e.g. web: { backends: [ { name: A, address: 10.0.0.11:8080 } ] }";
    private static final String DURATION = "a duration, e.g. \"5s\"";
    static final int MAX_WEIGHT = 10_000;

    private final Problems problems;

    PoolsValidator(Problems problems) {
        this.problems = problems;
    }

    /** The valid pools by name; pools with problems are left out (and reported). */
    Map<String, PoolConfig> pools(Section top) {
        Map<String, PoolConfig> pools = new LinkedHashMap<>();
        YamlNode node = top.require("pools", POOLS);
        if (node == null) {
            return pools;
        }
        Section section = Section.of(node, "pools", POOLS, null, problems);
        if (section == null) {
            return pools;
        }
        if (section.entries().isEmpty()) {
            problems.add(section.line(), "pools", "empty (expected: " + POOLS + ")");
        }
        for (YamlNode.Entry entry : section.entries().values()) {
            PoolConfig pool = pool(entry, section.pathOf(entry.key()));
            if (pool != null) {
                pools.put(entry.key(), pool);
            }
        }
        return pools;
    }

    private PoolConfig pool(YamlNode.Entry entry, String path) {
        if (entry.key().isBlank()) {
            problems.add(entry.line(), path, "empty pool name (expected: a name, e.g. web)");
            return null;
        }
        Section pool = Section.of(entry.value(), path,
                "a pool: a map with backends and optional strategy and timeouts", POOL_KEYS, problems);
        if (pool == null) {
            return null;
        }
        StrategyType strategy = pool.value("strategy", "a strategy, one of: " + String.join(", ", StrategyType.configNames()),
                PoolsValidator::strategy, StrategyType.ROUND_ROBIN);
        Duration connectTimeout = pool.value("connect-timeout", DURATION, ValueParsers::positiveDuration,
                PoolConfig.DEFAULT_CONNECT_TIMEOUT);
        Duration responseTimeout = pool.value("response-timeout", DURATION, ValueParsers::positiveDuration,
                PoolConfig.DEFAULT_RESPONSE_TIMEOUT);
        Integer maxIdle = pool.value("max-idle-per-loop", "a whole number >= 0", ValueParsers.wholeNumber(0, Integer.MAX_VALUE),
                PoolConfig.DEFAULT_MAX_IDLE_PER_LOOP);
        Duration idleTimeout = pool.value("idle-timeout", DURATION, ValueParsers::positiveDuration,
                PoolConfig.DEFAULT_IDLE_TIMEOUT);
        List<BackendConfig> backends = backends(pool);
        if (strategy == null || connectTimeout == null || responseTimeout == null || maxIdle == null
                || idleTimeout == null || backends == null) {
            return null;
        }
        return new PoolConfig(entry.key(), strategy, backends, connectTimeout, responseTimeout, maxIdle, idleTimeout);
    }

    private static StrategyType strategy(String text) {
        return StrategyType.fromConfigName(text).orElseThrow(() -> new IllegalArgumentException(
                YamlNode.quote(text) + " is not a strategy (" + Suggestions.hint(text, StrategyType.configNames()) + ")"));
    }

    /** The pool's backends, or null when any has a problem. */
    private List<BackendConfig> backends(Section pool) {
        List<YamlNode> items = pool.list("backends",
                "a list of backends, e.g. - { name: A, address: 10.0.0.11:8080 }", true);
        List<BackendConfig> backends = new ArrayList<>();
        UniqueNames names = new UniqueNames();
        boolean complete = !items.isEmpty();
        for (int i = 0; i < items.size(); i++) {
            String path = pool.itemPath("backends", i);
            Section backend = Section.of(items.get(i), path,
                    "a backend: a map with name, address and optional weight", BACKEND_KEYS, problems);
            if (backend == null) {
                complete = false;
                continue;
            }
            String name = backend.text("name", "a name unique in the pool, e.g. A", true);
            if (name != null) {
                names.claim(name, path, backend.get("name").line(), backend.pathOf("name"), problems);
            }
            HostPort address = backend.requiredValue("address", "host:port, e.g. 10.0.0.11:8080", HostPort::parse);
            Integer weight = backend.value("weight", "a whole number, 1.." + MAX_WEIGHT,
                    ValueParsers.wholeNumber(1, MAX_WEIGHT), 1);
            if (name == null || address == null || weight == null) {
                complete = false;
            } else {
                backends.add(new BackendConfig(name, address, weight));
            }
        }
        return complete ? backends : null;
    }
}
