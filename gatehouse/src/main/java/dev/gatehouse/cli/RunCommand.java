package dev.gatehouse.cli;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.StartupException;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.ListenerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
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
            "Runs the gateway described by a configuration file until SIGTERM or Ctrl-C (then exits 0).",
            "A bad file: every problem is printed and the exit code is 1. A listener that cannot bind: exit code 2."
        })
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The YAML configuration file.")
    private Path config;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Optional<GatehouseConfig> loaded = ConfigFiles.load(config, err);
        if (loaded.isEmpty()) {
            return GatehouseCommand.EXIT_USAGE;
        }
        Gatehouse gatehouse;
        try {
            gatehouse = Gatehouse.start(loaded.get());
        } catch (StartupException e) {
            err.println("gatehouse: cannot start: " + e.getMessage());
            err.flush();
            return GatehouseCommand.EXIT_FAILURE;
        }
        ShutdownSignal signal = ShutdownSignal.install(gatehouse::close);
        try {
            LOG.info("gatehouse {} running {}: {}", GatehouseVersion.gatehouse(), config,
                    loaded.get().listeners().stream()
                            .map(listener -> describe(listener, gatehouse.listenerPort(listener.name())))
                            .collect(Collectors.joining(", ")));
            gatehouse.awaitClose();
        } finally {
            signal.finished();
            gatehouse.close();
        }
        return GatehouseCommand.EXIT_OK;
    }

    private static String describe(ListenerConfig listener, int port) {
        String host = listener.address().host();
        return listener.name() + " on http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
