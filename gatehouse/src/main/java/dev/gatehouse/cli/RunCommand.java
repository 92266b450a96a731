package dev.gatehouse.cli;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.StartupException;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.ListenerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gatehouse run -c FILE}: runs the gateway a configuration file describes until it is stopped. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = GatehouseVersion.class,
        description = {
            "Runs the gateway described by a configuration file until SIGTERM or Ctrl-C, then stops accepting,",
            "lets requests in flight finish (up to admin.shutdown-timeout, default 30s) and exits 0.",
            "The file is reloaded when it changes (and on POST /api/reload); a bad new file is refused",
            "and the running config stays.",
            "A bad file at start: every problem is printed and the exit code is 1. A listener that cannot bind: exit code 2."
        })
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The YAML configuration file.")
    private Path config;

    @Option(names = "--no-watch", description = "Do not reload when the file changes (POST /api/reload still does).")
    private boolean noWatch;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Optional<GatehouseConfig> loaded = ConfigFiles.load(config, err);
        if (loaded.isEmpty()) {
            return GatehouseCommand.EXIT_USAGE;
        }
        Gatehouse gatehouse;
        try {
            gatehouse = Gatehouse.start(loaded.get(), config, !noWatch);
        } catch (StartupException e) {
            err.println("gatehouse: cannot start: " + e.getMessage());
            err.flush();
            return GatehouseCommand.EXIT_FAILURE;
        }
        Duration deadline = loaded.get().admin().shutdownTimeout();
        ShutdownSignal signal = ShutdownSignal.install(() -> gatehouse.shutdownGracefully(deadline));
        try {
            LOG.info("gatehouse {} running {}: {}; admin on http://{}", GatehouseVersion.gatehouse(), config,
                    loaded.get().listeners().stream()
                            .map(listener -> describe(listener, gatehouse.listenerPort(listener.name())))
                            .collect(Collectors.joining(", ")),
                    hostPort(loaded.get().admin().address().host(), gatehouse.adminPort()));
            gatehouse.awaitClose();
        } finally {
            signal.finished();
            gatehouse.close();
        }
        return GatehouseCommand.EXIT_OK;
    }

    private static String describe(ListenerConfig listener, int port) {
        return listener.name() + " on http://" + hostPort(listener.address().host(), port);
    }

    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
