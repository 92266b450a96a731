package dev.gatehouse.proxy.retry;

import dev.gatehouse.config.RetryConfig;
import dev.gatehouse.config.RetryConfig.RetryOn;
import java.util.EnumSet;
import java.util.Set;

/**
 * A route's compiled retry rules and its budget: decides, for one failed try, whether another
 * endpoint may get the request. Safety (nothing sent, or idempotent with the body held and no
 * response byte out) is the exchange's to prove; this adds what the route allows.
 */
public final class RetryPolicy {

    private final int attempts;
    private final EnumSet<RetryOn> on;
    private final long perTryTimeoutNanos;
    private final RetryBudget budget;

    /**
     * @param previous the same route's policy from the config being replaced, whose budget carries
     *                 over when the share is unchanged; may be null
     */
    public RetryPolicy(RetryConfig config, RetryPolicy previous) {
        this.attempts = config.attempts();
        this.on = config.on().isEmpty() ? EnumSet.noneOf(RetryOn.class) : EnumSet.copyOf(config.on());
        this.perTryTimeoutNanos = config.perTryTimeout() == null ? 0 : config.perTryTimeout().toNanos();
        this.budget = previous != null && previous.budget.percent() == config.budgetPercent()
                ? previous.budget : new RetryBudget(config.budgetPercent());
    }

    /** Called once per request, so the budget grows with traffic. */
    public void requestReceived() {
        if (attempts > 1) {
            budget.deposit();
        }
    }

    /**
     * Whether a request that has been tried {@code tries} times may be tried again after
     * {@code outcome}; takes a retry from the budget when it answers true.
     */
    public boolean allowsRetry(RetryOn outcome, int tries) {
        return tries < attempts && on.contains(outcome) && budget.tryWithdraw();
    }

    /** Whether outcome {@code outcome} after {@code tries} tries is one the route retries (budget aside). */
    public boolean mayRetry(RetryOn outcome, int tries) {
        return tries < attempts && on.contains(outcome);
    }

    /** Whether a failed connect moves on to the next endpoint (nothing was sent, so it is always safe). */
    public boolean retriesConnectFailures() {
        return on.contains(RetryOn.CONNECT_FAILURE);
    }

    /** Whether the route might ever retry after the request was sent (so its body is worth holding). */
    public boolean retriesAfterSend() {
        if (attempts <= 1) {
            return false;
        }
        Set<RetryOn> afterSend = EnumSet.of(RetryOn.RESET, RetryOn.BAD_GATEWAY, RetryOn.SERVICE_UNAVAILABLE,
                RetryOn.GATEWAY_TIMEOUT);
        afterSend.retainAll(on);
        return !afterSend.isEmpty();
    }

    /** The response timeout of each try in nanoseconds, or 0 for the pool's. */
    public long perTryTimeoutNanos() {
        return perTryTimeoutNanos;
    }

    /** The outcome a backend's status stands for, when it is one routes may retry; else null. */
    public static RetryOn outcomeOf(int status) {
        return switch (status) {
            case 502 -> RetryOn.BAD_GATEWAY;
            case 503 -> RetryOn.SERVICE_UNAVAILABLE;
            case 504 -> RetryOn.GATEWAY_TIMEOUT;
            default -> null;
        };
    }
}
