package dev.gatehouse.config.load;

import dev.gatehouse.config.AffinityConfig;
import dev.gatehouse.config.BackendConfig;
import dev.gatehouse.config.CircuitBreakerConfig;
import dev.gatehouse.config.HealthCheckConfig;
import dev.gatehouse.config.HostPort;
import dev.gatehouse.config.OutlierDetectionConfig;
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
            "strategy", "hash-key", "bounded-load", "ewma-decay", "affinity",
            "connect-timeout", "response-timeout", "max-idle-per-loop", "idle-timeout", "backends",
            "health-check", "outlier-detection", "circuit-breaker", "slow-start", "panic-threshold");
    private static final List<String> BACKEND_KEYS = List.of("name", "address", "weight");

    private static final String POOLS = "a map of pool names to pools, e.g. web: { backends: [ { name: A, address: 10.0.0.11:8080 } ] }";
    private static final String DURATION = "a duration, e.g. \"5s\"";
    static final int MAX_WEIGHT = 10_000;
    static final String HASH_KEY = "client-ip, path, header:Name, cookie:name or query:name";
    private static final List<String> HASH_KEY_FORMS = List.of("client-ip", "path", "header:", "cookie:", "query:");

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
                "a pool: a map with backends and optional strategy, affinity and timeouts", POOL_KEYS, problems);
        if (pool == null) {
            return null;
        }
        StrategyType strategy = pool.value("strategy", "a strategy, one of: " + String.join(", ", StrategyType.configNames()),
                PoolsValidator::strategy, StrategyType.ROUND_ROBIN);
        boolean[] valid = {true};
        AffinityConfig affinity = new AffinityValidator(problems).affinity(pool, "affinity", valid);
        String hashKey = pool.value("hash-key", HASH_KEY, PoolsValidator::hashKey, null);
        Double boundedLoad = pool.value("bounded-load", "a number > 0, e.g. 0.25", PoolsValidator::boundedLoad,
                PoolConfig.DEFAULT_BOUNDED_LOAD);
        Duration ewmaDecay = pool.value("ewma-decay", DURATION, ValueParsers::positiveDuration, PoolConfig.DEFAULT_EWMA_DECAY);
        if (strategy != null) {
            valid[0] &= strategySettings(pool, strategy, affinity);
        }
        Duration connectTimeout = pool.value("connect-timeout", DURATION, ValueParsers::positiveDuration,
                PoolConfig.DEFAULT_CONNECT_TIMEOUT);
        Duration responseTimeout = pool.value("response-timeout", DURATION, ValueParsers::positiveDuration,
                PoolConfig.DEFAULT_RESPONSE_TIMEOUT);
        Integer maxIdle = pool.value("max-idle-per-loop", "a whole number >= 0", ValueParsers.wholeNumber(0, Integer.MAX_VALUE),
                PoolConfig.DEFAULT_MAX_IDLE_PER_LOOP);
        Duration idleTimeout = pool.value("idle-timeout", DURATION, ValueParsers::positiveDuration,
                PoolConfig.DEFAULT_IDLE_TIMEOUT);
        HealthValidator health = new HealthValidator(problems);
        HealthCheckConfig healthCheck = health.healthCheck(pool, valid);
        OutlierDetectionConfig outlierDetection = health.outlierDetection(pool, valid);
        CircuitBreakerConfig circuitBreaker = health.circuitBreaker(pool, valid);
        Duration slowStart = health.slowStart(pool, valid);
        Integer panicThreshold = health.panicThreshold(pool, PoolConfig.DEFAULT_PANIC_THRESHOLD, valid);
        List<BackendConfig> backends = backends(pool);
        if (strategy == null || connectTimeout == null || responseTimeout == null || maxIdle == null
                || idleTimeout == null || backends == null || !valid[0]
                || pool.get("hash-key") != null && hashKey == null || boundedLoad == null || ewmaDecay == null) {
            return null;
        }
        return new PoolConfig(entry.key(), strategy, backends, connectTimeout, responseTimeout, maxIdle, idleTimeout,
                hashKey, boundedLoad, ewmaDecay, affinity, healthCheck, outlierDetection, circuitBreaker, slowStart,
                panicThreshold);
    }

    /**
     * Reports the strategy settings that the pool's strategy would ignore: a setting that does
     * nothing is a misunderstanding worth a line. Returns false when it reported any.
     */
    private boolean strategySettings(Section pool, StrategyType strategy, AffinityConfig affinity) {
        boolean ok = true;
        String name = "\"" + strategy.configName() + "\"";
        YamlNode.Entry hashKey = pool.entries().get("hash-key");
        boolean hashAffinity = affinity != null && affinity.type() == AffinityConfig.Type.HASH;
        if (hashKey != null && strategy == StrategyType.IP_HASH) {
            problems.add(hashKey.line(), pool.pathOf("hash-key"), "not used by strategy " + name
                    + ", which always hashes the client address (expected: strategy: consistent-hash, or no hash-key)");
            ok = false;
        } else if (hashKey != null && !strategy.isHashing() && !hashAffinity) {
            problems.add(hashKey.line(), pool.pathOf("hash-key"), "not used by strategy " + name
                    + " (expected: strategy: consistent-hash, or affinity: { type: hash })");
            ok = false;
        }
        YamlNode.Entry boundedLoad = pool.entries().get("bounded-load");
        if (boundedLoad != null && !strategy.isHashing()) {
            problems.add(boundedLoad.line(), pool.pathOf("bounded-load"), "not used by strategy " + name
                    + " (expected: strategy: consistent-hash or ip-hash)");
            ok = false;
        }
        YamlNode.Entry ewmaDecay = pool.entries().get("ewma-decay");
        if (ewmaDecay != null && strategy != StrategyType.EWMA) {
            problems.add(ewmaDecay.line(), pool.pathOf("ewma-decay"), "not used by strategy " + name
                    + " (expected: strategy: ewma)");
            ok = false;
        }
        return ok;
    }

    /**
     * A hash key spec: {@code client-ip}, {@code path}, or {@code header:}, {@code cookie:} or
     * {@code query:} followed by a name. Returned as written.
     */
    static String hashKey(String text) {
        if (text.equals("client-ip") || text.equals("path")) {
            return text;
        }
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon + 1);
        String name = colon < 0 ? "" : text.substring(colon + 1);
        if (colon >= 0 && HASH_KEY_FORMS.contains(kind)) {
            if (name.isBlank() || !name.strip().equals(name)) {
                throw new IllegalArgumentException(YamlNode.quote(text) + " has no name after \"" + kind
                        + "\" (expected: e.g. " + kind + (kind.equals("header:") ? "X-User-Id" : "user") + ")");
            }
            if (!kind.equals("query:")) {
                try {
                    AffinityValidator.cookieName(name);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(YamlNode.quote(text) + " has an invalid "
                            + kind.substring(0, kind.length() - 1) + " name (expected: letters, digits and "
                            + "!#$%&'*+-.^_`|~, e.g. " + kind + (kind.equals("header:") ? "X-User-Id" : "session") + ")");
                }
            }
            return text;
        }
        String hint = Suggestions.closest(kind, HASH_KEY_FORMS)
                .map(form -> "did you mean \"" + (form.endsWith(":") ? form + name : form) + "\"?")
                .orElse("expected: " + HASH_KEY);
        throw new IllegalArgumentException(YamlNode.quote(text) + " is not a hash key (" + hint + ")");
    }

    private static Double boundedLoad(String text) {
        // Plain decimals only: Double.parseDouble would also take "NaN", "1e400" or "0x1p-2".
        if (!text.strip().matches("[0-9]{1,9}(\\.[0-9]{1,9})?|\\.[0-9]{1,9}")) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " is not a number (expected: a number > 0, e.g. 0.25)");
        }
        double value = Double.parseDouble(text.strip());
        if (!(value > 0)) {
            throw new IllegalArgumentException(text.strip() + " is out of range (expected: a number > 0, e.g. 0.25)");
        }
        return value;
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
