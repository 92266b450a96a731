package dev.gatehouse.cli;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.StartupException;
import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.config.AffinityConfig;
import dev.gatehouse.config.StrategyType;
import dev.gatehouse.demo.DemoConfig;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
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
            "Runs backends A to D (127.0.0.1:9001-9004) behind a gateway until Ctrl-C,",
            "with its admin API on 127.0.0.1:9901. Round robin unless --strategy names",
            "another; stateful with --affinity. Prints what to try with curl."
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

    @Option(names = "--strategy", defaultValue = "round-robin", paramLabel = "NAME",
            completionCandidates = StrategyNames.class,
            description = "How the gateway spreads requests: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private String strategyName;

    @Option(names = "--affinity", paramLabel = "TYPE", completionCandidates = AffinityNames.class,
            description = "Keeps each client on its backend: ${COMPLETION-CANDIDATES} (default: none, a stateless pool).")
    private String affinityName;

    private final List<DemoBackend> backends = new ArrayList<>();

    /** The strategy names, for {@code --help}. */
    static final class StrategyNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return StrategyType.configNames().iterator();
        }
    }

    /** The affinity types, for {@code --help}. */
    static final class AffinityNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return AffinityConfig.Type.configNames().iterator();
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port: " + port + " (expected: 0..65535)");
        }
        if (adminPort < 0 || adminPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--admin-port: " + adminPort + " (expected: 0..65535)");
        }
        StrategyType strategy = StrategyType.fromConfigName(strategyName).orElseThrow(() -> new ParameterException(
                spec.commandLine(), "--strategy: \"" + strategyName + "\" is not a strategy (expected one of: "
                        + String.join(", ", StrategyType.configNames()) + ")"));
        AffinityConfig.Type affinity = null;
        if (affinityName != null) {
            affinity = AffinityConfig.Type.fromConfigName(affinityName).orElseThrow(() -> new ParameterException(
                    spec.commandLine(), "--affinity: \"" + affinityName + "\" is not an affinity type (expected one of: "
                            + String.join(", ", AffinityConfig.Type.configNames()) + ")"));
        }
        PrintWriter err = spec.commandLine().getErr();
        Gatehouse gatehouse;
        try {
            for (int i = 0; i < DemoConfig.BACKEND_NAMES.size(); i++) {
                backends.add(DemoBackend.start(DemoConfig.BACKEND_NAMES.get(i), DemoConfig.HOST,
                        DemoConfig.DEFAULT_BACKEND_PORTS.get(i)));
            }
            gatehouse = Gatehouse.start(DemoConfig.create(port, adminPort, DemoConfig.DEFAULT_BACKEND_PORTS,
                    strategy, affinity));
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
            printWhatToTry(spec.commandLine().getOut(), gatehouse.listenerPort(DemoConfig.LISTENER),
                    gatehouse.adminPort(), strategy, affinity);
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

    /** What to try with curl against the demo, for its strategy and affinity (null: none). */
    static void printWhatToTry(PrintWriter out, int port, int adminPort, StrategyType strategy,
            AffinityConfig.Type affinity) {
        String at = DemoConfig.HOST + ":" + port;
        String admin = DemoConfig.HOST + ":" + adminPort;
        List<Integer> ports = DemoConfig.DEFAULT_BACKEND_PORTS;
        out.printf("%nGatehouse demo: gateway on http://%s, %s over backends A, B, C, D on %s:%d-%d%s.%n%n",
                at, describe(strategy), DemoConfig.HOST, ports.get(0), ports.get(ports.size() - 1),
                affinity == null ? "" : ", with " + affinity.configName() + " affinity");
        out.println("Try:");
        // Table affinity pins every curl of this machine (one client address): the strategy only
        // places the first request, so its own hints would not show.
        if (affinity != AffinityConfig.Type.TABLE) {
            strategyHints(out, at, strategy);
        }
        if (affinity != null) {
            affinityHints(out, at, affinity);
        }
        out.println();
        hint(out, "curl -s '" + at + "/hello?x=1'", "what the backend received (X-Forwarded-*, Via, X-Request-Id)");
        hint(out, "curl -si '" + at + "/slow?ms=500'", "answered after half a second");
        hint(out, "curl -si " + at + "/status/503", "the backend's status, passed through");
        hint(out, "curl -s --data-binary @FILE " + at + "/echo | cmp - FILE", "a body (up to 10MiB) there and back");
        out.printf("  curl -s -o /dev/null -w '%%{size_download} bytes\\n' '%s/bytes?n=1073741824'%n", at);
        out.printf("%nThe admin side, on http://%s:%n", admin);
        hint(out, "curl -s " + admin + "/api/pools", "every backend: ready, in flight, requests"
                + (affinity == AffinityConfig.Type.TABLE ? "; the affinity table's entries" : ""));
        hint(out, "curl -s -X POST " + admin + "/api/pools/" + DemoConfig.POOL + "/endpoints/B/drain",
                affinity == null ? "B takes no new requests (enable undoes it)"
                        : "B takes no new requests: its clients move to another backend, and stay");
        hint(out, "curl -s " + admin + "/metrics", "Prometheus");
        out.printf("%nCtrl-C stops everything.%n");
        out.flush();
    }

    private static String describe(StrategyType strategy) {
        return switch (strategy) {
            case ROUND_ROBIN -> "round robin";
            case WEIGHTED -> "smooth weighted round robin (weights A " + DemoConfig.WEIGHTED_A + ", B 1, C 1, D 1)";
            case RANDOM -> "random picks";
            case LEAST_CONNECTIONS -> "least connections";
            case POWER_OF_TWO -> "power of two choices";
            case EWMA -> "peak EWMA (latency-aware)";
            case IP_HASH -> "ip-hash (the client address picks the backend)";
            case CONSISTENT_HASH -> "consistent hashing on " + DemoConfig.USER_HEADER;
        };
    }

    private static void strategyHints(PrintWriter out, String at, StrategyType strategy) {
        String get = "curl -si " + at + "/";
        switch (strategy) {
            case ROUND_ROBIN -> hint(out, get, "four times: X-Backend goes A, B, C, D");
            case WEIGHTED -> hint(out, get, "six times: X-Backend goes A, B, A, C, D, A (3:1:1:1, no bursts)");
            case RANDOM -> hint(out, get, "repeatedly: any backend, each about a quarter of the time");
            case LEAST_CONNECTIONS, POWER_OF_TWO -> {
                hint(out, "curl -s '" + at + "/slow?ms=20000' &", "a request that holds one backend for 20s…");
                hint(out, get, "…meanwhile new requests go to the idle backends");
            }
            case EWMA -> {
                hint(out, get, "repeatedly: the backends that answer fastest get the most requests");
                hint(out, "curl -si '" + at + "/slow?ms=300'", "the backend that answered slowly gets little traffic for a while");
            }
            case IP_HASH -> {
                hint(out, get, "repeatedly: always the same backend (your address picks it)");
                hint(out, "curl -si --interface 127.0.0.2 " + at + "/", "from another loopback address (Linux): maybe another");
            }
            case CONSISTENT_HASH -> {
                hint(out, "curl -si -H '" + DemoConfig.USER_HEADER + ": alice' " + at + "/", "repeatedly: always alice's backend");
                hint(out, "curl -si -H '" + DemoConfig.USER_HEADER + ": bob' " + at + "/", "bob's backend (maybe another)");
                hint(out, get, "without the header: hashed on your address");
            }
        }
    }

    private static void affinityHints(PrintWriter out, String at, AffinityConfig.Type affinity) {
        switch (affinity) {
            case COOKIE -> {
                hint(out, "curl -si -c jar -b jar " + at + "/", "repeatedly: the " + AffinityConfig.defaultCookieName(DemoConfig.POOL)
                        + " cookie keeps you on one backend");
                hint(out, "curl -si " + at + "/", "without the cookie jar: the strategy decides, and a new cookie comes");
            }
            case TABLE -> hint(out, "curl -si " + at + "/",
                    "repeatedly: the gateway remembers your address and keeps you on one backend");
            case HASH -> {
                hint(out, "curl -si -H '" + DemoConfig.USER_HEADER + ": alice' " + at + "/",
                        "repeatedly: alice stays on one backend");
                hint(out, "curl -si " + at + "/", "without the header: the strategy decides");
            }
        }
    }

    /** One suggestion: the command, then its comment in a column. */
    private static void hint(PrintWriter out, String command, String comment) {
        out.printf("  %-44s # %s%n", command, comment);
    }
}
