package dev.gatehouse.config.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.config.CircuitBreakerConfig;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.HealthCheckConfig;
import dev.gatehouse.config.HealthCheckConfig.StatusRange;
import dev.gatehouse.config.OutlierDetectionConfig;
import dev.gatehouse.config.PoolConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The health part of a pool: health-check, outlier-detection, circuit-breaker, slow-start, panic-threshold. */
class HealthConfigLoaderTest {

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
            """;

    /** Pool {@code web} with {@code settings} (indented by four spaces) and one backend. */
    private static PoolConfig web(String settings) throws ConfigException {
        GatehouseConfig config = ConfigLoader.parse(HEAD + settings + BACKENDS, "g.yaml");
        return config.pools().get("web");
    }

    /** The problems of pool {@code web} with {@code settings}, as printed. */
    private static String[] problems(String settings) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(HEAD + settings + BACKENDS, "g.yaml"));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toArray(String[]::new);
    }

    @Test
    void withoutHealthSettingsAPoolHasNoChecksNoEjectionNoLimitsAndPanicsBelowHalf() throws ConfigException {
        PoolConfig pool = web("");

        assertThat(pool.healthCheck()).isNull();
        assertThat(pool.outlierDetection()).isNull();
        assertThat(pool.circuitBreaker()).isNull();
        assertThat(pool.slowStart()).isZero();
        assertThat(pool.panicThreshold()).isEqualTo(50);
    }

    @Test
    void everyHealthSettingIsRead() throws ConfigException {
        PoolConfig pool = web("""
                    health-check:
                      path: /healthz?full=1
                      host: api.example.com
                      interval: 2s
                      timeout: 500ms
                      healthy-threshold: 1
                      unhealthy-threshold: 4
                      expected-status: 200-299
                    outlier-detection:
                      consecutive-failures: 7
                      base-ejection-time: 10s
                      max-ejection-time: 2m
                      max-ejection-percent: 30%
                    circuit-breaker: { max-requests: 250 }
                    slow-start: 45s
                    panic-threshold: 25%
                """);

        assertThat(pool.healthCheck()).isEqualTo(new HealthCheckConfig(HealthCheckConfig.Type.HTTP, "/healthz?full=1",
                "api.example.com", Duration.ofSeconds(2), Duration.ofMillis(500), 1, 4, new StatusRange(200, 299)));
        assertThat(pool.outlierDetection()).isEqualTo(new OutlierDetectionConfig(7, Duration.ofSeconds(10),
                Duration.ofMinutes(2), 30));
        assertThat(pool.circuitBreaker()).isEqualTo(CircuitBreakerConfig.maxRequestsOnly(250));
        assertThat(pool.slowStart()).isEqualTo(Duration.ofSeconds(45));
        assertThat(pool.panicThreshold()).isEqualTo(25);
    }

    @Test
    void omittedCheckAndEjectionSettingsTakeTheirDefaults() throws ConfigException {
        PoolConfig http = web("    health-check: { path: /health }\n    outlier-detection: {}\n");
        PoolConfig bare = web("    outlier-detection:\n");
        PoolConfig tcp = web("    health-check: { type: tcp, interval: 1s }\n");

        assertThat(http.healthCheck()).isEqualTo(HealthCheckConfig.http("/health"));
        assertThat(http.outlierDetection()).isEqualTo(OutlierDetectionConfig.DEFAULTS);
        assertThat(bare.outlierDetection()).isEqualTo(OutlierDetectionConfig.DEFAULTS);
        assertThat(tcp.healthCheck()).isEqualTo(HealthCheckConfig.tcp().withTiming(Duration.ofSeconds(1),
                HealthCheckConfig.DEFAULT_TIMEOUT));
        assertThat(tcp.healthCheck().expectedStatus()).isNull();
    }

    @Test
    void expectedStatusIsOneStatusARangeOrAClass() throws ConfigException {
        assertThat(expected("204")).isEqualTo(new StatusRange(204, 204));
        assertThat(expected("200-399")).isEqualTo(new StatusRange(200, 399));
        assertThat(expected("\"200 - 204\"")).isEqualTo(new StatusRange(200, 204));
        assertThat(expected("2xx")).isEqualTo(new StatusRange(200, 299));
        assertThat(new StatusRange(200, 399).contains(399)).isTrue();
        assertThat(new StatusRange(200, 399).contains(400)).isFalse();
    }

    private static StatusRange expected(String value) throws ConfigException {
        return web("    health-check: { path: /, expected-status: " + value + " }\n").healthCheck().expectedStatus();
    }

    @Test
    void aLongBaseEjectionTimeRaisesTheDefaultMaximum() throws ConfigException {
        PoolConfig pool = web("    outlier-detection: { base-ejection-time: 10m }\n");

        assertThat(pool.outlierDetection().maxEjectionTime()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void badHealthValuesAreReportedWithTheirLineKeyPathAndFix() {
        assertThat(problems("""
                    health-check:
                      path: health
                      interval: 5
                      healthy-threshold: 0
                      expected-status: 600
                      timout: 1s
                    outlier-detection:
                      consecutive-failures: many
                      base-ejection-time: 1m
                      max-ejection-time: 30s
                      max-ejection-percent: 150%
                    circuit-breaker: { max-request: 10 }
                    slow-start: fast
                    panic-threshold: half
                """)).containsExactly(
                "g.yaml:10: pools.web.health-check.path: \"health\" is not a request path (expected: a path starting"
                        + " with /, e.g. /health)",
                "g.yaml:11: pools.web.health-check.interval: \"5\" is not a duration (expected: e.g. \"5s\", \"500ms\")",
                "g.yaml:12: pools.web.health-check.healthy-threshold: 0 is out of range (expected: 1..100)",
                "g.yaml:13: pools.web.health-check.expected-status: \"600\" is not a status or range (expected: a status"
                        + " 100..599 or a range, e.g. 200, 200-399 or 2xx)",
                "g.yaml:14: pools.web.health-check.timout: unknown key (did you mean \"timeout\"?)",
                "g.yaml:16: pools.web.outlier-detection.consecutive-failures: \"many\" is not a whole number"
                        + " (expected: 1..1000)",
                "g.yaml:18: pools.web.outlier-detection.max-ejection-time: 30s is shorter than base-ejection-time 1m"
                        + " (expected: at least 1m)",
                "g.yaml:19: pools.web.outlier-detection.max-ejection-percent: 150% is out of range (expected: 1%..100%)",
                "g.yaml:20: pools.web.circuit-breaker.max-request: unknown key (did you mean \"max-requests\"?)",
                "g.yaml:20: pools.web.circuit-breaker: no limit set (expected: max-requests, max-connections or both,"
                        + " e.g. { max-connections: 50, max-pending: 100 })",
                "g.yaml:21: pools.web.slow-start: \"fast\" is not a duration (expected: e.g. \"5s\", \"500ms\")",
                "g.yaml:22: pools.web.panic-threshold: \"half\" is not a percentage (expected: 0..100, e.g. 50%)");
    }

    @Test
    void everyCircuitBreakerLimitIsReadAndMaxPendingDefaultsTo1024() throws ConfigException {
        assertThat(web("    circuit-breaker: { max-requests: 100, max-connections: 50, max-pending: 10 }\n")
                .circuitBreaker()).isEqualTo(new CircuitBreakerConfig(100, 50, 10));
        assertThat(web("    circuit-breaker: { max-connections: 2, max-pending: 0 }\n").circuitBreaker())
                .isEqualTo(new CircuitBreakerConfig(CircuitBreakerConfig.NO_LIMIT, 2, 0));
        assertThat(web("    circuit-breaker: { max-connections: 8 }\n").circuitBreaker())
                .isEqualTo(new CircuitBreakerConfig(CircuitBreakerConfig.NO_LIMIT, 8, 1024));
        assertThat(web("    circuit-breaker:\n      max-requests: 1\n").circuitBreaker())
                .isEqualTo(CircuitBreakerConfig.maxRequestsOnly(1));
    }

    @Test
    void badCircuitBreakerValuesAreReportedWithTheirLineKeyPathAndRange() {
        assertThat(problems("""
                    circuit-breaker:
                      max-requests: 0
                      max-connections: lots
                      max-pending: -1
                      max-pendings: 3
                """)).containsExactly(
                "g.yaml:10: pools.web.circuit-breaker.max-requests: 0 is out of range (expected: 1..1000000)",
                "g.yaml:11: pools.web.circuit-breaker.max-connections: \"lots\" is not a whole number"
                        + " (expected: 1..1000000)",
                "g.yaml:12: pools.web.circuit-breaker.max-pending: -1 is out of range (expected: 0..1000000)",
                "g.yaml:13: pools.web.circuit-breaker.max-pendings: unknown key (did you mean \"max-pending\"?)");
        assertThat(problems("    circuit-breaker: { max-connections: 1000001 }\n")).containsExactly(
                "g.yaml:9: pools.web.circuit-breaker.max-connections: 1000001 is out of range (expected: 1..1000000)");
    }

    @Test
    void aCircuitBreakerNeedsALimitAndMaxPendingNeedsMaxConnections() {
        assertThat(problems("    circuit-breaker: {}\n")).containsExactly(
                "g.yaml:9: pools.web.circuit-breaker: no limit set (expected: max-requests, max-connections or both,"
                        + " e.g. { max-connections: 50, max-pending: 100 })");
        assertThat(problems("    circuit-breaker: { max-pending: 5 }\n")).containsExactly(
                "g.yaml:9: pools.web.circuit-breaker.max-pending: only applies with max-connections (expected:"
                        + " max-connections too, or no max-pending)");
        assertThat(problems("    circuit-breaker: { max-requests: 5, max-pending: 5 }\n")).containsExactly(
                "g.yaml:9: pools.web.circuit-breaker.max-pending: only applies with max-connections (expected:"
                        + " max-connections too, or no max-pending)");
        assertThat(problems("    circuit-breaker: 100\n")).containsExactly(
                "g.yaml:9: pools.web.circuit-breaker: found \"100\" (expected: a map, e.g. { max-requests: 100,"
                        + " max-connections: 50, max-pending: 100 })");
    }

    @Test
    void anHttpCheckNeedsAPathAndATcpCheckTakesNoHttpSettings() {
        assertThat(problems("    health-check: { interval: 1s }\n")).containsExactly(
                "g.yaml:9: pools.web.health-check.path: missing (expected: the path to GET, e.g. /health (or type: tcp"
                        + " for a connect check))");
        assertThat(problems("    health-check: { type: tcp, path: /health, expected-status: 200 }\n")).containsExactly(
                "g.yaml:9: pools.web.health-check.path: not used by type \"tcp\" (expected: type: http, or no path)",
                "g.yaml:9: pools.web.health-check.expected-status: not used by type \"tcp\" (expected: type: http,"
                        + " or no expected-status)");
        assertThat(problems("    health-check: { type: htp }\n")).containsExactly(
                "g.yaml:9: pools.web.health-check.type: \"htp\" is not a health check type (did you mean \"http\"?)");
        assertThat(problems("    health-check: { type: grpc }\n")).containsExactly(
                "g.yaml:9: pools.web.health-check.type: \"grpc\" is not a health check type (expected one of: http, tcp)");
    }

    @Test
    void misspelledPoolKeysSuggestTheHealthOnes() {
        assertThat(problems("    healthcheck: { path: /health }\n    panic-treshold: 10%\n")).containsExactly(
                "g.yaml:9: pools.web.healthcheck: unknown key (did you mean \"health-check\"?)",
                "g.yaml:10: pools.web.panic-treshold: unknown key (did you mean \"panic-threshold\"?)");
    }

    @Test
    void aReversedRangeSaysWhichWayRound() {
        assertThat(problems("    health-check: { path: /, expected-status: 399-200 }\n")).containsExactly(
                "g.yaml:9: pools.web.health-check.expected-status: \"399-200\" is an empty range (expected: the lower"
                        + " status first, e.g. 200-399)");
    }
}
