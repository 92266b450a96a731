package dev.gatehouse.config.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.ListenerLimitsConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A route's {@code allow-upgrade} and a listener's {@code min-body-rate} and {@code min-body-rate-window}. */
class UpgradeAndBodyRateConfigLoaderTest {

    private static final String FILE = """
            listeners:
              - name: public
                address: 127.0.0.1:0
                limits: LIMITS
            routes:
              - match: { path-prefix: / }
                pool: web
                ROUTE_SETTING
            pools:
              web:
                backends:
                  - { name: A, address: 127.0.0.1:9001 }
            """;

    private static String file(String limits, String routeSetting) {
        return FILE.replace("LIMITS", limits).replace("ROUTE_SETTING", routeSetting);
    }

    private static String[] problems(String limits, String routeSetting) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(file(limits, routeSetting), "g.yaml"));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toArray(String[]::new);
    }

    @Test
    void byDefaultNoRouteUpgradesAndBodiesMustAverageOneKibibytePerSecondOverTenSeconds() throws ConfigException {
        GatehouseConfig config = ConfigLoader.parse(file("{}", "name: web"), "g.yaml");

        assertThat(config.routes().get(0).allowUpgrade()).isEmpty();
        ListenerLimitsConfig limits = config.listeners().get(0).limits();
        assertThat(limits.minBodyRate()).isEqualTo(1024);
        assertThat(limits.minBodyRateWindow()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void settingsAreReadWithProtocolsLowerCasedAndZeroTurningTheRateOff() throws ConfigException {
        GatehouseConfig config = ConfigLoader.parse(
                file("{ min-body-rate: 0, min-body-rate-window: 30s }", "allow-upgrade: [WebSocket, websocket, irc/2]"),
                "g.yaml");

        assertThat(config.routes().get(0).allowUpgrade()).isEqualTo(List.of("websocket", "irc/2"));
        assertThat(config.listeners().get(0).limits().minBodyRate()).isZero();
        assertThat(config.listeners().get(0).limits().minBodyRateWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ConfigLoader.parse(file("{ min-body-rate: 2KB/s }", "name: web"), "g.yaml")
                .listeners().get(0).limits().minBodyRate()).isEqualTo(2000);
    }

    @Test
    void badValuesAreReportedWithFileLineKeyAndWhatToWrite() {
        assertThat(problems("{ min-body-rate: 1KiB, min-body-rate-window: 500ms }", "allow-upgrade: [h2c, \"web socket\"]"))
                .containsExactly(
                        "g.yaml:4: listeners[0].limits.min-body-rate: \"1KiB\" is not a rate (expected: a size per"
                                + " second, e.g. \"1KiB/s\", or 0 for none)",
                        "g.yaml:4: listeners[0].limits.min-body-rate-window: \"500ms\" is too short (expected: at least"
                                + " \"1s\", e.g. \"10s\")",
                        "g.yaml:8: routes[0].allow-upgrade[0]: \"h2c\" is never tunnelled (expected: another protocol,"
                                + " e.g. websocket)",
                        "g.yaml:8: routes[0].allow-upgrade[1]: \"web socket\" is not a protocol (expected: a protocol"
                                + " token, e.g. websocket)");
    }

    @Test
    void misspelledKeysGetASuggestion() {
        assertThat(problems("{ min-body-rat: 1KiB/s }", "allow-upgrades: [websocket]")).containsExactly(
                "g.yaml:4: listeners[0].limits.min-body-rat: unknown key (did you mean \"min-body-rate\"?)",
                "g.yaml:8: routes[0].allow-upgrades: unknown key (did you mean \"allow-upgrade\"?)");
    }

    @Test
    void allowUpgradeMustBeANonEmptyList() {
        assertThat(problems("{}", "allow-upgrade: websocket")).singleElement().asString()
                .startsWith("g.yaml:8: routes[0].allow-upgrade: ");
        assertThat(problems("{}", "allow-upgrade: []")).singleElement().asString()
                .startsWith("g.yaml:8: routes[0].allow-upgrade: ");
    }
}
