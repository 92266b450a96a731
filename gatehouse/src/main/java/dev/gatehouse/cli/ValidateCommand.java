package dev.gatehouse.cli;

import dev.gatehouse.config.GatehouseConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gatehouse validate -c FILE}: checks a configuration file and reports every problem, or a one-line summary. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = GatehouseVersion.class,
        description = {
            "Checks a configuration file without starting anything.",
            "Prints every problem (file:line: key: what is wrong) and exits 1, or prints a summary and exits 0."
        })
final class ValidateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The YAML configuration file.")
    private Path config;

    @Override
    public Integer call() {
        Optional<GatehouseConfig> loaded = ConfigFiles.load(config, spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return GatehouseCommand.EXIT_USAGE;
        }
        GatehouseConfig valid = loaded.get();
        int backends = valid.pools().values().stream().mapToInt(pool -> pool.backends().size()).sum();
        spec.commandLine().getOut().printf("%s: ok (%d listeners, %d routes, %d pools, %d backends)%n",
                config, valid.listeners().size(), valid.routes().size(), valid.pools().size(), backends);
        spec.commandLine().getOut().flush();
        return GatehouseCommand.EXIT_OK;
    }
}
