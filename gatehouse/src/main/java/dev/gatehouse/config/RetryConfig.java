package dev.gatehouse.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When a route sends a request again to another backend. Only ever when it is safe: a connect
 * failure (nothing was sent), or an idempotent request whose body the gateway still holds and of
 * whose response no byte went to the client yet.
 *
 * @param attempts      tries in all, the first included ({@code 1} = never retry)
 * @param on            the outcomes that may be retried
 * @param perTryTimeout time allowed for each try's response, null = the pool's response timeout
 * @param budgetPercent retries may add at most this share of the route's requests (default 20)
 */
public record RetryConfig(int attempts, Set<RetryOn> on, Duration perTryTimeout, int budgetPercent) {

    /** Retry connect failures and resets once, within a 20% budget. */
    public static final RetryConfig DEFAULTS =
            new RetryConfig(2, EnumSet.of(RetryOn.CONNECT_FAILURE, RetryOn.RESET), null, 20);

    public RetryConfig {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts: " + attempts + " (expected: >= 1)");
        }
        on = on.isEmpty() ? EnumSet.noneOf(RetryOn.class) : EnumSet.copyOf(on);
    }

    /** What may be retried, with the spelling used in the YAML file. */
    public enum RetryOn {
        CONNECT_FAILURE("connect-failure"),
        RESET("reset"),
        BAD_GATEWAY("502"),
        SERVICE_UNAVAILABLE("503"),
        GATEWAY_TIMEOUT("504");

        private final String configName;

        RetryOn(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static Optional<RetryOn> fromConfigName(String name) {
            return Arrays.stream(values()).filter(r -> r.configName.equals(name)).findFirst();
        }

        public static List<String> configNames() {
            return Arrays.stream(values()).map(RetryOn::configName).toList();
        }
    }
}
