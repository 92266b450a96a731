package dev.gatehouse.cli;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.StartupException;
import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.demo.DemoConfig;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gatehouse demo}: runs backends A to D and a gateway in front of them, and shows what to try. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = GatehouseVersion.class,
        description = {
            "Runs backends A to D (127.0.0.1:9001-9004) behind a round-robin gateway until Ctrl-C,",
            "with its admin API on 127.0.0.1:9901.",
            "Prints what to try with curl."
        })
final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "" + DemoConfig.DEFAULT_LISTENER_PORT, paramLabel = "PORT",
            description = "The gateway's port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--admin-port", defaultValue = "" + DemoConfig.DEFAULT_ADMIN_PORT, paramLabel = "PORT",
            description = "The admin API's port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int adminPort;

    private final List<DemoBackend> backends = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port: " + port + " (expected: 0..65535)");
        }
        if (adminPort < 0 || adminPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--admin-port: " + adminPort + " (expected: 0..65535)");
        }
        PrintWriter err = spec.commandLine().getErr();
        Gatehouse gatehouse;
        try {
            for (int i = 0; i < DemoConfig.BACKEND_NAMES.size(); i++) {
                backends.add(DemoBackend.start(DemoConfig.BACKEND_NAMES.get(i), DemoConfig.HOST,
                        DemoConfig.DEFAULT_BACKEND_PORTS.get(i)));
            }
            gatehouse = Gatehouse.start(DemoConfig.create(port, adminPort, DemoConfig.DEFAULT_BACKEND_PORTS));
        } catch (UncheckedIOException | StartupException | IllegalArgumentException e) {
            closeBackends();
            err.println("gatehouse: cannot start the demo: " + e.getMessage());
            err.flush();
            return GatehouseCommand.EXIT_FAILURE;
        }
        ShutdownSignal signal = ShutdownSignal.install(() -> {
            gatehouse.close();
            closeBackends();
        });
        try {
            printWhatToTry(spec.commandLine().getOut(), gatehouse.listenerPort(DemoConfig.LISTENER), gatehouse.adminPort());
            gatehouse.awaitClose();
        } finally {
            signal.finished();
            gatehouse.close();
            closeBackends();
        }
        return GatehouseCommand.EXIT_OK;
    }

    private void closeBackends() {
        backends.forEach(DemoBackend::close);
    }

    private static void printWhatToTry(PrintWriter out, int port, int adminPort) {
        String at = DemoConfig.HOST + ":" + port;
        List<Integer> ports = DemoConfig.DEFAULT_BACKEND_PORTS;
        out.printf("%nGatehouse demo: gateway on http://%s, round robin over backends A, B, C, D on %s:%d-%d.%n%n",
                at, DemoConfig.HOST, ports.get(0), ports.get(ports.size() - 1));
        out.println("Try:");
        out.printf("  curl -si %s/                       # four times: X-Backend goes A, B, C, D%n", at);
        out.printf("  curl -s '%s/hello?x=1'             # what the backend received (X-Forwarded-*, Via, X-Request-Id)%n", at);
        out.printf("  curl -si '%s/slow?ms=500'          # answered after half a second%n", at);
        out.printf("  curl -si %s/status/503             # the backend's status, passed through%n", at);
        out.printf("  curl -s --data-binary @FILE %s/echo | cmp - FILE   # a body (up to 10MiB) there and back%n", at);
        out.printf("  curl -s -o /dev/null -w '%%{size_download} bytes\\n' '%s/bytes?n=1073741824'%n", at);
        String admin = DemoConfig.HOST + ":" + adminPort;
        out.printf("%nThe admin side, on http://%s:%n", admin);
        out.printf("  curl -s %s/api/pools                            # every backend: ready, in flight, requests%n", admin);
        out.printf("  curl -s -X POST %s/api/pools/demo/endpoints/B/drain   # B takes no new requests (enable undoes it)%n", admin);
        out.printf("  curl -s %s/metrics                              # Prometheus%n", admin);
        out.printf("%nCtrl-C stops everything.%n");
        out.flush();
    }
}
