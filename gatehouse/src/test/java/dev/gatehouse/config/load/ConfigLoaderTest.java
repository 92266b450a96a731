package dev.gatehouse.config.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.config.AdminConfig;
import dev.gatehouse.config.BackendConfig;
import dev.gatehouse.config.DataSize;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.HostPort;
import dev.gatehouse.config.ListenerConfig;
import dev.gatehouse.config.ListenerLimitsConfig;
import dev.gatehouse.config.MatchConfig;
import dev.gatehouse.config.PoolConfig;
import dev.gatehouse.config.RouteConfig;
import dev.gatehouse.config.StrategyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String FULL = """
            listeners:
              - name: public
                address: 0.0.0.0:8080
                limits:
                  max-request-line: 4KiB
                  max-header-size: 16KiB
                  max-body-size: 0
                  header-timeout: 5s
                  idle-timeout: 2m
              - name: internal
                address: "[::1]:8081"
            admin:
              address: 127.0.0.1:9902
            routes:
              - name: api
                match: { host: API.Example.com, path-prefix: /api/ }
                pool: api
              - match: { host: "*.example.com", path-prefix: / }
                pool: web
            pools:
              web:
                strategy: round-robin
                connect-timeout: 500ms
                response-timeout: 30s
                max-idle-per-loop: 16
                idle-timeout: 1h
                backends:
                  - { name: A, address: 10.0.0.11:8080, weight: 2 }
                  - { name: B, address: 10.0.0.12:8080 }
              api:
                backends:
                  - name: C
                    address: api.internal:9000
            """;

    private static final String MINIMAL = """
            listeners:
              - name: public
                address: 127.0.0.1:0
            routes:
              - match: { path-prefix: / }
                pool: web
            pools:
              web:
                backends:
                  - { name: A, address: 127.0.0.1:9001 }
            """;

    @Test
    void fullFileLoadsIntoTheRecords() throws ConfigException {
        GatehouseConfig config = ConfigLoader.parse(FULL, "gatehouse.yaml");

        assertThat(config.listeners()).containsExactly(
                new ListenerConfig("public", new HostPort("0.0.0.0", 8080), new ListenerLimitsConfig(
                        DataSize.ofKibibytes(4), DataSize.ofKibibytes(16), DataSize.ofBytes(0),
                        Duration.ofSeconds(5), Duration.ofMinutes(2))),
                new ListenerConfig("internal", new HostPort("::1", 8081), ListenerLimitsConfig.DEFAULTS));
        assertThat(config.admin()).isEqualTo(new AdminConfig(new HostPort("127.0.0.1", 9902)));
        assertThat(config.routes()).containsExactly(
                new RouteConfig("api", new MatchConfig("api.example.com", "/api/"), "api"),
                new RouteConfig("route-2", new MatchConfig("*.example.com", "/"), "web"));
        assertThat(config.pools()).containsOnlyKeys("web", "api");
        assertThat(List.copyOf(config.pools().keySet())).containsExactly("web", "api");
        assertThat(config.pools().get("web")).isEqualTo(new PoolConfig("web", StrategyType.ROUND_ROBIN,
                List.of(new BackendConfig("A", new HostPort("10.0.0.11", 8080), 2),
                        new BackendConfig("B", new HostPort("10.0.0.12", 8080), 1)),
                Duration.ofMillis(500), Duration.ofSeconds(30), 16, Duration.ofHours(1)));
        assertThat(config.pools().get("api").backends())
                .containsExactly(new BackendConfig("C", new HostPort("api.internal", 9000), 1));
    }

    @Test
    void omittedSettingsTakeTheirDefaults() throws ConfigException {
        GatehouseConfig config = ConfigLoader.parse(MINIMAL, "gatehouse.yaml");

        assertThat(config.listeners()).singleElement()
                .extracting(ListenerConfig::limits).isEqualTo(ListenerLimitsConfig.DEFAULTS);
        assertThat(config.admin()).isEqualTo(AdminConfig.DEFAULTS);
        assertThat(config.routes()).containsExactly(new RouteConfig("route-1", new MatchConfig(null, "/"), "web"));
        assertThat(config.pools().get("web")).isEqualTo(new PoolConfig("web", StrategyType.ROUND_ROBIN,
                List.of(new BackendConfig("A", new HostPort("127.0.0.1", 9001), 1)),
                PoolConfig.DEFAULT_CONNECT_TIMEOUT, PoolConfig.DEFAULT_RESPONSE_TIMEOUT,
                PoolConfig.DEFAULT_MAX_IDLE_PER_LOOP, PoolConfig.DEFAULT_IDLE_TIMEOUT));
    }

    @Test
    void everyProblemIsReportedWithItsLineKeyPathAndFix() {
        String yaml = """
                listeners:
                  - name: public
                    address: 0.0.0.0:8080
                    limits:
                      header-timeout: 5
                  - name: public
                    address: nowhere
                routes:
                  - match: { host: "bad host!", path-prefix: api/ }
                    pool: webb
                  - pool: web
                pools:
                  web:
                    stratgy: round-robin
                    strategy: fastest
                    connect-timeout: 0s
                    backends:
                      - { name: A, address: 10.0.0.11:8080, weight: 0 }
                      - { name: A, address: 10.0.0.12:8080, weight: many }
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "gatehouse.yaml"));

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                "gatehouse.yaml:5: listeners[0].limits.header-timeout: \"5\" is not a duration (expected: e.g. \"5s\", \"500ms\")",
                "gatehouse.yaml:6: listeners[1].name: \"public\" is already the name of listeners[0] (expected: a unique name)",
                "gatehouse.yaml:7: listeners[1].address: \"nowhere\" is not an address (expected: host:port, e.g. 127.0.0.1:8080)",
                "gatehouse.yaml:9: routes[0].match.host: \"bad host!\" is not a host name"
                        + " (expected: a host name or *.suffix, e.g. api.example.com or *.example.com)",
                "gatehouse.yaml:9: routes[0].match.path-prefix: \"api/\" does not start with \"/\""
                        + " (expected: a path starting with \"/\", e.g. /api/)",
                "gatehouse.yaml:10: routes[0].pool: \"webb\" is not a pool (did you mean \"web\"?)",
                "gatehouse.yaml:11: routes[1].match: missing"
                        + " (expected: a map with path-prefix and optional host, e.g. { host: api.example.com, path-prefix: /api/ })",
                "gatehouse.yaml:14: pools.web.stratgy: unknown key (did you mean \"strategy\"?)",
                "gatehouse.yaml:15: pools.web.strategy: \"fastest\" is not a strategy (expected one of: "
                        + String.join(", ", StrategyType.configNames()) + ")",
                "gatehouse.yaml:16: pools.web.connect-timeout: \"0s\" must be more than zero (expected: e.g. \"5s\", \"500ms\")",
                "gatehouse.yaml:18: pools.web.backends[0].weight: 0 is out of range (expected: 1..10000)",
                "gatehouse.yaml:19: pools.web.backends[1].name: \"A\" is already the name of pools.web.backends[0]"
                        + " (expected: a unique name)",
                "gatehouse.yaml:19: pools.web.backends[1].weight: \"many\" is not a whole number (expected: 1..10000)");
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems().stream().map(ConfigProblem::toString).toList()));
    }

    @Test
    void unknownKeySuggestsTheClosestKnownOne() {
        String yaml = MINIMAL.replace("  - name: public", "  - nmae: public");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "gatehouse.yaml"));

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                "gatehouse.yaml:2: listeners[0].nmae: unknown key (did you mean \"name\"?)",
                "gatehouse.yaml:2: listeners[0].name: missing (expected: a unique listener name, e.g. public)");
    }

    @Test
    void unknownKeyFarFromAnyListsTheKnownOnes() {
        String yaml = MINIMAL + "tls: on\n";

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "gatehouse.yaml"));

        assertThat(e.problems()).singleElement().hasToString(
                "gatehouse.yaml:11: tls: unknown key (expected one of: listeners, admin, routes, pools)");
    }

    @Test
    void wrongTypesAreReportedWithWhatWasFound() {
        String yaml = """
                listeners:
                  name: public
                routes: []
                pools:
                  - web
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "g.yaml"));

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                "g.yaml:1: listeners: found a map (expected: a list of listeners, e.g. - { name: public, address: 0.0.0.0:8080 })",
                "g.yaml:3: routes: empty (expected: a list of routes, e.g. - { match: { path-prefix: / }, pool: web })",
                "g.yaml:4: pools: found a list"
                        + " (expected: a map of pool names to pools, e.g. web: { backends: [ { name: A, address: 10.0.0.11:8080 } ] })");
    }

    @Test
    void routeToAMissingPoolListsThePools() {
        String yaml = MINIMAL.replace("pool: web", "pool: images");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "g.yaml"));

        assertThat(e.problems()).singleElement()
                .hasToString("g.yaml:6: routes[0].pool: \"images\" is not a pool (expected one of: web)");
    }

    @Test
    void duplicateKeysAreReported() {
        String yaml = MINIMAL.replace("    address: 127.0.0.1:0\n", "    address: 127.0.0.1:0\n    address: 127.0.0.1:1\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "g.yaml"));

        assertThat(e.problems()).singleElement()
                .hasToString("g.yaml:4: listeners[0].address: duplicate key (first at line 3; expected: each key once)");
    }

    @Test
    void yamlSyntaxErrorIsReportedAtItsLine() {
        String yaml = """
                listeners:
                  - name: public
                    address: [127.0.0.1:0
                routes: []
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "g.yaml"));

        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(4);
            assertThat(problem.path()).isEmpty();
            assertThat(problem.message()).startsWith("invalid YAML: ").contains("line 3");
        });
    }

    @Test
    void tabIndentationIsBlamedOnItsOwnLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse("listeners:\n\t- name: public\n", "g.yaml"));

        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.message()).startsWith("invalid YAML: ").contains("TAB");
        });
    }

    @Test
    void emptyFileIsOneProblem() {
        assertThatThrownBy(() -> ConfigLoader.parse("# nothing yet\n", "g.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("g.yaml:1: the file is empty (expected: a map with listeners, admin, routes and pools)");
    }

    @Test
    void loadReadsTheFileAndNamesItAsGiven(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gatehouse.yaml");
        Files.writeString(file, MINIMAL.replace("127.0.0.1:9001", "127.0.0.1:99999"));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e.problems()).singleElement().hasToString(
                file + ":10: pools.web.backends[0].address: \"127.0.0.1:99999\" has port 99999 (expected: 0..65535)");
        assertThat(ConfigLoader.load(writeMinimal(dir)).listeners()).hasSize(1);
    }

    @Test
    void missingFileIsOneProblemWithoutALine(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e.problems()).containsExactly(new ConfigProblem(file.toString(), 0, "", "cannot read the file: no such file"));
        assertThat(e).hasMessage(file + ": cannot read the file: no such file");
    }

    private static Path writeMinimal(Path dir) throws Exception {
        return Files.writeString(dir.resolve("minimal.yaml"), MINIMAL);
    }
}
