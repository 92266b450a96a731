package dev.gatehouse.config.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.config.AffinityConfig;
import dev.gatehouse.config.AffinityConfig.Type;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.PoolConfig;
import dev.gatehouse.config.StrategyType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The balancing part of a pool: strategy, hash key, bounded load, EWMA decay and affinity. */
class PoolConfigLoaderTest {

    private static final String HEAD = """
            listeners:
              - name: public
                address: 127.0.0.1:0
            routes:
              - match: { path-prefix: / }
                pool: web
            pools:
              web:
            """;
    private static final String BACKENDS = """
                backends:
                  - { name: A, address: 127.0.0.1:9001 }
                  - { name: B, address: 127.0.0.1:9002, weight: 3 }
            """;

    /** A config whose pool {@code web} has {@code settings} (indented by four spaces) and two backends. */
    private static PoolConfig web(String settings) throws ConfigException {
        GatehouseConfig config = ConfigLoader.parse(HEAD + settings + BACKENDS, "g.yaml");
        return config.pools().get("web");
    }

    private static ConfigException problems(String settings) {
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(HEAD + settings + BACKENDS, "g.yaml"));
    }

    @Test
    void everyStrategyIsSpelledAsInTheDocumentation() throws ConfigException {
        assertThat(StrategyType.configNames()).containsExactly("round-robin", "weighted", "random", "least-connections",
                "power-of-two", "ewma", "ip-hash", "consistent-hash");
        for (StrategyType strategy : StrategyType.values()) {
            assertThat(web("    strategy: " + strategy.configName() + "\n").strategy()).isEqualTo(strategy);
        }
    }

    @Test
    void aStatelessPoolNeedsNoBalancingSettings() throws ConfigException {
        PoolConfig pool = web("    strategy: least-connections\n");

        assertThat(pool.hashKey()).isNull();
        assertThat(pool.boundedLoad()).isEqualTo(PoolConfig.DEFAULT_BOUNDED_LOAD);
        assertThat(pool.ewmaDecay()).isEqualTo(PoolConfig.DEFAULT_EWMA_DECAY);
        assertThat(pool.affinity()).isNull();
    }

    @Test
    void consistentHashTakesItsKeyAndEpsilonAndDefaultsToTheClientIp() throws ConfigException {
        PoolConfig keyed = web("""
                    strategy: consistent-hash
                    hash-key: header:X-User-Id
                    bounded-load: 0.5
                """);
        PoolConfig plain = web("    strategy: consistent-hash\n");
        PoolConfig ipHash = web("    strategy: ip-hash\n");

        assertThat(keyed.hashKey()).isEqualTo("header:X-User-Id");
        assertThat(keyed.boundedLoad()).isEqualTo(0.5);
        assertThat(plain.hashKey()).isEqualTo("client-ip");
        assertThat(plain.boundedLoad()).isEqualTo(0.25);
        assertThat(ipHash.hashKey()).isEqualTo("client-ip");
    }

    @Test
    void everyHashKeyFormIsAccepted() throws ConfigException {
        for (String key : new String[] {"client-ip", "path", "header:X-User-Id", "cookie:session", "query:user"}) {
            assertThat(web("    strategy: consistent-hash\n    hash-key: " + key + "\n").hashKey()).isEqualTo(key);
        }
    }

    @Test
    void ewmaTakesItsDecay() throws ConfigException {
        assertThat(web("    strategy: ewma\n    ewma-decay: 3s\n").ewmaDecay()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void cookieAffinityTakesItsSettings() throws ConfigException {
        PoolConfig pool = web("""
                    affinity:
                      type: cookie
                      cookie-name: route
                      ttl: 1h
                      secret: "0123456789abcdef0123"
                """);

        assertThat(pool.affinity()).isEqualTo(
                new AffinityConfig(Type.COOKIE, "route", Duration.ofHours(1), AffinityConfig.DEFAULT_MAX_ENTRIES, null,
                        "0123456789abcdef0123"));
        assertThat(pool.affinity().toString()).doesNotContain("0123456789abcdef0123");
    }

    @Test
    void affinityDefaultsPerType() throws ConfigException {
        assertThat(web("    affinity: { type: cookie }\n").affinity()).isEqualTo(AffinityConfig.cookie());
        assertThat(web("    affinity: { type: table }\n").affinity()).isEqualTo(AffinityConfig.table());
        assertThat(web("    affinity: hash\n").affinity()).isEqualTo(AffinityConfig.hash());
        assertThat(AffinityConfig.cookie().cookieName()).isNull();
        assertThat(AffinityConfig.defaultCookieName("web")).isEqualTo("GH_AFFINITY_web");
        assertThat(AffinityConfig.defaultCookieName("a b/c")).isEqualTo("GH_AFFINITY_a_b_c");
        assertThat(AffinityConfig.table().ttl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(AffinityConfig.table().maxEntries()).isEqualTo(100_000);
        assertThat(AffinityConfig.table().key()).isEqualTo("client-ip");
    }

    @Test
    void tableAffinityTakesItsSettings() throws ConfigException {
        PoolConfig pool = web("""
                    strategy: least-connections
                    affinity: { type: table, key: "cookie:JSESSIONID", ttl: 10m, max-entries: 5000 }
                """);

        assertThat(pool.affinity()).isEqualTo(
                new AffinityConfig(Type.TABLE, null, Duration.ofMinutes(10), 5000, "cookie:JSESSIONID", null));
    }

    @Test
    void hashAffinityMayUseThePoolsHashKey() throws ConfigException {
        PoolConfig pool = web("""
                    strategy: round-robin
                    hash-key: header:X-User-Id
                    affinity: { type: hash }
                """);

        assertThat(pool.hashKey()).isEqualTo("header:X-User-Id");
        assertThat(pool.affinity().type()).isEqualTo(Type.HASH);
    }

    @Test
    void strategyProblemsNameTheValueAndWhatToWrite() {
        ConfigException e = problems("""
                    strategy: least-connection
                """);

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                "g.yaml:9: pools.web.strategy: \"least-connection\" is not a strategy (did you mean \"least-connections\"?)");
        assertThat(problems("    strategy: fastest\n").problems()).singleElement().hasToString(
                "g.yaml:9: pools.web.strategy: \"fastest\" is not a strategy (expected one of: round-robin, weighted,"
                        + " random, least-connections, power-of-two, ewma, ip-hash, consistent-hash)");
    }

    @Test
    void hashKeyAndBoundedLoadProblemsAreAllReported() {
        ConfigException e = problems("""
                    strategy: consistent-hash
                    hash-key: heder:X-User-Id
                    bounded-load: 0
                """);
        ConfigException more = problems("""
                    strategy: consistent-hash
                    hash-key: "header:"
                    bounded-load: lots
                """);
        ConfigException worse = problems("""
                    strategy: consistent-hash
                    hash-key: ip
                """);

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                "g.yaml:10: pools.web.hash-key: \"heder:X-User-Id\" is not a hash key (did you mean \"header:X-User-Id\"?)",
                "g.yaml:11: pools.web.bounded-load: 0 is out of range (expected: a number > 0, e.g. 0.25)");
        assertThat(more.problems()).extracting(ConfigProblem::toString).containsExactly(
                "g.yaml:10: pools.web.hash-key: \"header:\" has no name after \"header:\" (expected: e.g. header:X-User-Id)",
                "g.yaml:11: pools.web.bounded-load: \"lots\" is not a number (expected: a number > 0, e.g. 0.25)");
        assertThat(worse.problems()).singleElement().hasToString(
                "g.yaml:10: pools.web.hash-key: \"ip\" is not a hash key"
                        + " (expected: client-ip, path, header:Name, cookie:name or query:name)");
    }

    @Test
    void settingsTheStrategyWouldIgnoreAreReported() {
        ConfigException e = problems("""
                    strategy: round-robin
                    hash-key: header:X-User-Id
                    bounded-load: 0.5
                    ewma-decay: 5s
                """);
        ConfigException ipHash = problems("""
                    strategy: ip-hash
                    hash-key: path
                """);

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                "g.yaml:10: pools.web.hash-key: not used by strategy \"round-robin\""
                        + " (expected: strategy: consistent-hash, or affinity: { type: hash })",
                "g.yaml:11: pools.web.bounded-load: not used by strategy \"round-robin\""
                        + " (expected: strategy: consistent-hash or ip-hash)",
                "g.yaml:12: pools.web.ewma-decay: not used by strategy \"round-robin\" (expected: strategy: ewma)");
        assertThat(ipHash.problems()).singleElement().hasToString(
                "g.yaml:10: pools.web.hash-key: not used by strategy \"ip-hash\", which always hashes the client address"
                        + " (expected: strategy: consistent-hash, or no hash-key)");
    }

    @Test
    void affinityProblemsAreAllReportedWithDidYouMean() {
        ConfigException e = problems("""
                    affinity:
                      type: cokie
                """);
        ConfigException keys = problems("""
                    affinity:
                      type: cookie
                      max-entires: 10
                      max-entries: 10
                      cookie-name: "my cookie"
                      secret: short
                      ttl: 0s
                """);
        ConfigException table = problems("""
                    affinity: { type: table, key: "header:", cookie-name: x }
                """);
        ConfigException missing = problems("""
                    affinity: { ttl: 5m }
                """);

        assertThat(e.problems()).singleElement().hasToString(
                "g.yaml:10: pools.web.affinity.type: \"cokie\" is not an affinity type (did you mean \"cookie\"?)");
        assertThat(keys.problems()).extracting(ConfigProblem::toString).containsExactly(
                "g.yaml:11: pools.web.affinity.max-entires: unknown key (did you mean \"max-entries\"?)",
                "g.yaml:12: pools.web.affinity.max-entries: not used by type \"cookie\" (expected: only with type: table)",
                "g.yaml:13: pools.web.affinity.cookie-name: \"my cookie\" is not a cookie name"
                        + " (expected: letters, digits and !#$%&'*+-.^_`|~, e.g. GH_AFFINITY)",
                "g.yaml:14: pools.web.affinity.secret: too short: 5 characters"
                        + " (expected: at least 16 random characters, the same on every replica)",
                "g.yaml:15: pools.web.affinity.ttl: \"0s\" must be more than zero (expected: e.g. \"5s\", \"500ms\")");
        assertThat(keys.problems().toString()).doesNotContain("\"short\"");
        assertThat(table.problems()).extracting(ConfigProblem::toString).containsExactly(
                "g.yaml:9: pools.web.affinity.cookie-name: not used by type \"table\" (expected: only with type: cookie)",
                "g.yaml:9: pools.web.affinity.key: \"header:\" has no name after \"header:\" (expected: e.g. header:X-User-Id)");
        assertThat(missing.problems()).singleElement().hasToString(
                "g.yaml:9: pools.web.affinity.type: missing (expected: one of: cookie, table, hash)");
    }

    @Test
    void theSevenArgumentConstructorFillsTheDefaults() {
        PoolConfig pool = new PoolConfig("web", StrategyType.CONSISTENT_HASH, java.util.List.of(),
                PoolConfig.DEFAULT_CONNECT_TIMEOUT, PoolConfig.DEFAULT_RESPONSE_TIMEOUT,
                PoolConfig.DEFAULT_MAX_IDLE_PER_LOOP, PoolConfig.DEFAULT_IDLE_TIMEOUT);

        assertThat(pool.hashKey()).isEqualTo("client-ip");
        assertThat(pool.boundedLoad()).isEqualTo(0.25);
        assertThat(pool.ewmaDecay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(pool.affinity()).isNull();
    }
}
