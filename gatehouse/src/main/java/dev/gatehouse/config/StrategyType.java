package dev.gatehouse.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The balancing strategies a pool may name, with the spelling used in the YAML file. */
public enum StrategyType {
    /** Each endpoint in turn; weights ignored. */
    ROUND_ROBIN("round-robin"),
    /** Smooth weighted round robin (NGINX): each endpoint in proportion to its weight, without bursts. */
    WEIGHTED("weighted"),
    /** A random endpoint, in proportion to its weight. */
    RANDOM("random"),
    /** The endpoint with the fewest requests in flight per unit of weight. */
    LEAST_CONNECTIONS("least-connections"),
    /** The less loaded of two random endpoints (Mitzenmacher's power of two choices). */
    POWER_OF_TWO("power-of-two"),
    /** The cheaper of two random endpoints by peak EWMA latency times requests in flight (Finagle). */
    EWMA("ewma"),
    /** Consistent hashing on the client's address. */
    IP_HASH("ip-hash"),
    /** Consistent hashing with bounded loads on a configurable request key. */
    CONSISTENT_HASH("consistent-hash");

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

    /** Whether this strategy hashes a request key onto the endpoints ({@code hash-key} applies). */
    public boolean isHashing() {
        return this == IP_HASH || this == CONSISTENT_HASH;
    }

    /** Every config spelling, for "expected:" hints. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(StrategyType::configName).toList();
    }
}
