package dev.gatehouse.cli;

import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.load.ConfigException;
import dev.gatehouse.config.load.ConfigLoader;
import dev.gatehouse.config.load.ConfigProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** Loads a configuration file for a command, printing each of its problems on its own line. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /** The validated configuration, or empty after every problem was printed to {@code err}. */
    static Optional<GatehouseConfig> load(Path file, PrintWriter err) {
        try {
            return Optional.of(ConfigLoader.load(file));
        } catch (ConfigException e) {
            for (ConfigProblem problem : e.problems()) {
                err.println(problem);
            }
            err.flush();
            return Optional.empty();
        }
    }
}
