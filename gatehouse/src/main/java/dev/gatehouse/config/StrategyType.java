package dev.gatehouse.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The balancing strategies a pool may name, with the spelling used in the YAML file. */
public enum StrategyType {
    ROUND_ROBIN("round-robin");

    private final String configName;

    StrategyType(String configName) {
        this.configName = configName;
    }

    /** The name written in the config file, e.g. {@code round-robin}. */
    public String configName() {
        return configName;
    }

    /** The strategy spelled {@code name} in a config file, if there is one. */
    public static Optional<StrategyType> fromConfigName(String name) {
        return Arrays.stream(values()).filter(s -> s.configName.equals(name)).findFirst();
    }

    /** Every config spelling, for "expected:" hints. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(StrategyType::configName).toList();
    }
}
