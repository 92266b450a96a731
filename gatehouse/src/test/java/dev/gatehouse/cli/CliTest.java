package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.config.AffinityConfig;
import dev.gatehouse.config.StrategyType;
import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.demo.DemoConfig;
import dev.gatehouse.testing.RawHttpClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line, run in-process: exit codes and what it prints on stdout and stderr. */
class CliTest {

    private static final String GOOD = """
            listeners:
              - name: public
                address: 127.0.0.1:%d
            admin:
              address: 127.0.0.1:0
            routes:
              - match: { path-prefix: / }
                pool: web
            pools:
              web:
                strategy: round-robin
                backends:
                  - { name: A, address: 127.0.0.1:9001 }
                  - { name: B, address: 127.0.0.1:9002, weight: 2 }
            """;

    private static final String BAD = """
            listeners:
              - name: public
                address: 127.0.0.1:notaport
            routes:
              - match: { path-prefix: / }
                pool: nope
            pools:
              web:
                strategy: round-robin
                connect-timeout: 5
                backends:
                  - { name: A, address: 127.0.0.1:9001 }
            """;

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "run", "validate", "demo", "backend"})
    void helpAndVersionExitZeroForEveryCommand(String command) {
        Result help = gatehouse(args(command, "--help"));
        Result version = gatehouse(args(command, "--version"));

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: gatehouse" + (command.isEmpty() ? "" : " " + command));
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("gatehouse ").contains("Java ");
        assertThat(version.out().lines().findFirst().orElseThrow()).doesNotContain("unknown", "${");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Result result = gatehouse("validate", "-c", "x.yaml", "--bogus");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("Unknown option: '--bogus'");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void missingConfigOptionIsAUsageError() {
        Result result = gatehouse("run");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("Missing required option").contains("--config");
    }

    @Test
    void missingSubcommandIsAUsageError() {
        assertThat(gatehouse().exitCode()).isEqualTo(1);
        assertThat(gatehouse("valdate").err()).contains("Did you mean: gatehouse validate?");
    }

    @Test
    void portOutOfRangeIsAUsageError() {
        Result result = gatehouse("backend", "--name", "A", "--port", "70000");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("--port: 70000 (expected: 0..65535)");
    }

    @Test
    void validateOfAGoodFileSaysOkWithCounts() throws IOException {
        Path file = write("good.yaml", GOOD.formatted(0));

        Result result = gatehouse("validate", "-c", file.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(file + ": ok (1 listeners, 1 routes, 1 pools, 2 backends)" + System.lineSeparator());
        assertThat(result.err()).isEmpty();
    }

    @Test
    void validateOfABadFilePrintsEveryProblemWithFileAndLine() throws IOException {
        Path file = write("bad.yaml", BAD);

        Result result = gatehouse("validate", "-c", file.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(line -> assertThat(line).matches("\\Q" + file + "\\E:\\d+: .+"));
        assertThat(result.err()).contains(file + ":3: ").contains(file + ":6: ").contains(file + ":10: ");
    }

    @Test
    void validateOfAMissingFileIsABadConfig() {
        Result result = gatehouse("validate", "-c", dir.resolve("missing.yaml").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines()).hasSize(1);
    }

    @Test
    void runOfABadFilePrintsTheProblemsAndExitsOne() throws IOException {
        Path file = write("bad.yaml", BAD);

        Result result = gatehouse("run", "-c", file.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines()).allSatisfy(line -> assertThat(line).startsWith(file + ":"));
    }

    @Test
    void runWithTheListenerPortTakenExitsTwoWithOneLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Path file = write("taken.yaml", GOOD.formatted(taken.getLocalPort()));

            Result result = gatehouse("run", "-c", file.toString());

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.errLines()).singleElement().asString().startsWith("gatehouse: cannot start: ");
        }
    }

    @Test
    void backendWithItsPortTakenExitsTwoWithOneLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Result result = gatehouse("backend", "--name", "A", "--port", String.valueOf(taken.getLocalPort()));

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.errLines()).singleElement().asString()
                    .startsWith("gatehouse: cannot start: backend A: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void demoWithAnUnknownStrategyIsAUsageErrorListingEveryStrategy() {
        Result result = gatehouse("demo", "--port", "0", "--admin-port", "0", "--strategy", "fastest");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines().get(0)).isEqualTo("gatehouse demo: --strategy: \"fastest\" is not a strategy"
                + " (expected one of: round-robin, weighted, random, least-connections, power-of-two, ewma, ip-hash,"
                + " consistent-hash)");
    }

    @Test
    void demoWithAnUnknownAffinityIsAUsageErrorListingEveryType() {
        Result result = gatehouse("demo", "--port", "0", "--admin-port", "0", "--affinity", "sticky");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines().get(0)).isEqualTo(
                "gatehouse demo: --affinity: \"sticky\" is not an affinity type (expected one of: cookie, table, hash)");
    }

    @Test
    void demoStrategyNamesAreTheConfigSpellings() {
        Result result = gatehouse("demo", "--port", "0", "--admin-port", "0", "--strategy", "ROUND_ROBIN");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines().get(0)).contains("--strategy: \"ROUND_ROBIN\" is not a strategy");
    }

    @Test
    void demoHelpListsTheStrategiesAndAffinityTypes() {
        Result help = gatehouse("demo", "--help");

        assertThat(help.exitCode()).isZero();
        // Whatever picocli wraps, the names are listed in order.
        assertThat(help.out().replaceAll("\\s+", " ")).contains("--strategy=NAME").contains("--affinity=TYPE")
                .contains("round-robin, weighted, random, least-connections, power-of-two, ewma, ip-hash, consistent-hash")
                .contains("cookie, table, hash");
    }

    @Test
    void demoHintsNameTheChosenStrategyAndAffinity() {
        StringWriter cookie = new StringWriter();
        DemoCommand.printWhatToTry(new PrintWriter(cookie), 8080, 9901, StrategyType.WEIGHTED, AffinityConfig.Type.COOKIE);
        StringWriter hash = new StringWriter();
        DemoCommand.printWhatToTry(new PrintWriter(hash), 8080, 9901, StrategyType.CONSISTENT_HASH, null);

        assertThat(cookie.toString()).contains("smooth weighted round robin", "with cookie affinity",
                "curl -si -c jar -b jar 127.0.0.1:8080/", "GH_AFFINITY");
        assertThat(hash.toString()).contains("consistent hashing on X-User-Id", "-H 'X-User-Id: alice' 127.0.0.1:8080/")
                .doesNotContain("affinity");
    }

    @ParameterizedTest
    @EnumSource(StrategyType.class)
    void demoHintsExistForEveryStrategyWithAndWithoutAffinity(StrategyType strategy) {
        List<AffinityConfig.Type> affinities = new ArrayList<>(List.of(AffinityConfig.Type.values()));
        affinities.add(null);
        for (AffinityConfig.Type affinity : affinities) {
            StringWriter out = new StringWriter();
            DemoCommand.printWhatToTry(new PrintWriter(out), 8080, 9901, strategy, affinity);

            assertThat(out.toString()).contains("Gatehouse demo: gateway on http://127.0.0.1:8080, ")
                    .contains("curl -si 127.0.0.1:8080/")
                    .contains(affinity == null ? "Try:" : "with " + affinity.configName() + " affinity");
        }
    }

    @ParameterizedTest
    @EnumSource(StrategyType.class)
    void demoGatewayAnswersWithEveryStrategyAndAffinity(StrategyType strategy) throws Exception {
        List<DemoBackend> backends = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (String name : DemoConfig.BACKEND_NAMES) {
                DemoBackend backend = DemoBackend.start(name, DemoConfig.HOST, 0);
                backends.add(backend);
                ports.add(backend.port());
            }
            List<AffinityConfig.Type> affinities = new ArrayList<>(List.of(AffinityConfig.Type.values()));
            affinities.add(null);
            for (AffinityConfig.Type affinity : affinities) {
                Gatehouse gatehouse = Gatehouse.start(DemoConfig.create(0, 0, ports, strategy, affinity));
                try (RawHttpClient client = new RawHttpClient(gatehouse.listenerPort(DemoConfig.LISTENER))) {
                    RawHttpClient.Response response = client.exchange(
                            "GET / HTTP/1.1\r\nHost: demo\r\n" + DemoConfig.USER_HEADER + ": alice\r\n\r\n");

                    assertThat(response.status()).as("%s, affinity %s", strategy, affinity).isEqualTo(200);
                    assertThat(response.header("set-cookie") != null).isEqualTo(affinity == AffinityConfig.Type.COOKIE);
                    assertThat(gatehouse.runtime().pool(DemoConfig.POOL).balancer().snapshot().get(0).weight())
                            .isEqualTo(strategy == StrategyType.WEIGHTED ? DemoConfig.WEIGHTED_A : 1);
                } finally {
                    gatehouse.close();
                }
            }
        } finally {
            backends.forEach(DemoBackend::close);
        }
    }

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static String[] args(String command, String option) {
        return command.isEmpty() ? new String[] {option} : new String[] {command, option};
    }

    private static Result gatehouse(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = GatehouseCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
