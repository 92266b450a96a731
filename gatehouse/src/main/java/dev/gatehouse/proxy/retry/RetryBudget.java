package dev.gatehouse.proxy.retry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps retries at a share of requests, so a failing backend never multiplies the load on the
 * others (the retry budget of Finagle, https://twitter.github.io/finagle/guide/Clients.html#retries).
 * Each request deposits {@code percent} hundredths of a token, each retry withdraws a whole one;
 * a small reserve lets a quiet route retry at all.
 *
 * <p>Lock-free: one atomic add per request, one compare-and-set per retry.
 */
public final class RetryBudget {

    private static final long TOKEN = 100;
    private static final long RESERVE = 10 * TOKEN;
    private static final long CAP = 100 * TOKEN;

    private final int percent;
    private final AtomicLong balance = new AtomicLong(RESERVE);

    public RetryBudget(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent: " + percent + " (expected: 0..100)");
        }
        this.percent = percent;
    }

    /** A request was received: it earns {@code percent}% of a retry. */
    public void deposit() {
        if (percent == 0) {
            return;
        }
        long now = balance.addAndGet(percent);
        if (now > CAP) {
            // Saved-up retries beyond the cap would let one burst of failures retry everything.
            balance.compareAndSet(now, CAP);
        }
    }

    /** Takes one retry from the budget; false when there is none left. */
    public boolean tryWithdraw() {
        while (true) {
            long now = balance.get();
            if (now < TOKEN) {
                return false;
            }
            if (balance.compareAndSet(now, now - TOKEN)) {
                return true;
            }
        }
    }

    public int percent() {
        return percent;
    }
}
