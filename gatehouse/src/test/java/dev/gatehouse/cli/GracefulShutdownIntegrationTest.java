package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.demo.DemoBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients with requests in flight → {@code gatehouse run} in a process of its own → SIGTERM → the
 * requests complete, then the process exits 0 (or, past the deadline, exits 0 all the same).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GracefulShutdownIntegrationTest {

    private static final Pattern PORTS = Pattern.compile(
            "public on http://127\\.0\\.0\\.1:(\\d+); admin on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    private DemoBackend backend;
    private Process process;
    private Path output;
    private int port;
    private int adminPort;

    @BeforeEach
    void startBackend() throws Exception {
        backend = DemoBackend.start("A", "127.0.0.1", 0);
    }

    @AfterEach
    void stop() throws Exception {
        if (output != null && Files.exists(output)) {
            System.out.println("gateway process output:\n" + output()); // in the test's report, for a failure
        }
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        backend.close();
    }

    private void run(String shutdownTimeout) throws Exception {
        Path config = Files.writeString(dir.resolve("gatehouse.yaml"), """
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                admin:
                  address: 127.0.0.1:0
                  shutdown-timeout: %s
                routes:
                  - match: { path-prefix: / }
                    pool: web
                pools:
                  web:
                    backends:
                      - { name: A, address: 127.0.0.1:%d }
                """.formatted(shutdownTimeout, backend.port()));
        output = dir.resolve("gatehouse.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-cp", classpath(), GatehouseCommand.class.getName(),
                "run", "-c", config.toString(), "--no-watch")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        Matcher[] found = new Matcher[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway exited with " + process.exitValue() + ":\n" + output());
            }
            Matcher m = PORTS.matcher(output());
            if (m.find()) {
                found[0] = m;
                return true;
            }
            return false;
        });
        port = Integer.parseInt(found[0].group(1));
        adminPort = Integer.parseInt(found[0].group(2));
    }

    private String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private CompletableFuture<HttpResponse<String>> slow(int ms) {
        AdminClient client = new AdminClient(port);
        return CompletableFuture.supplyAsync(() -> client.get("/slow?ms=" + ms));
    }

    private void awaitInFlight(int n) {
        AdminClient admin = new AdminClient(adminPort);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> admin.json("/api/status").get("exchanges_in_flight").asInt() == n);
    }

    @Test
    void sigtermLetsRequestsInFlightCompleteThenExitsZero() throws Exception {
        run("30s");
        List<CompletableFuture<HttpResponse<String>>> inFlight = List.of(slow(2000), slow(2500));
        awaitInFlight(2);

        process.destroy(); // SIGTERM

        for (CompletableFuture<HttpResponse<String>> request : inFlight) {
            HttpResponse<String> response = request.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-backend")).hasValue("A");
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(process.exitValue()).as(output()).isZero();
        assertThat(output()).contains("stopping: no new connections; waiting up to PT30S for 2 request(s) in flight")
                .contains("stopped");
    }

    @Test
    void pastTheDeadlineTheProcessClosesWhatIsLeftAndStillExitsZero() throws Exception {
        run("500ms");
        CompletableFuture<HttpResponse<String>> tooSlow = slow(30_000);
        awaitInFlight(1);

        process.destroy(); // SIGTERM

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(process.exitValue()).as(output()).isZero();
        assertThat(output()).contains("1 request(s) still in flight after PT0.5S");
        assertThatThrownBy(() -> tooSlow.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UncheckedIOException.class);
    }
}
