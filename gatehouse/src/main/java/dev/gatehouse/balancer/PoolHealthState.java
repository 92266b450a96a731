package dev.gatehouse.balancer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health facts one pool shares with its endpoints, across config generations: the settings
 * the pick path consults (panic threshold, per-endpoint request limit, slow-start window), whether
 * the pool is in panic mode, and the counts behind its health metrics.
 *
 * <p>Panic mode, after Envoy's panic threshold: when fewer than the threshold's share of the
 * pool's endpoints are healthy (neither failing active checks nor ejected), picks ignore health
 * and spread the load over all of them, because a broken health check or a wave of ejections must
 * not concentrate all traffic on the few survivors (or refuse it outright). Endpoints an operator
 * drained or took out are neither counted nor used.
 *
 * <p>The flag is recomputed when an endpoint's health changes (rare, off the pick path); a pick
 * reads one volatile boolean.
 *
 * @see <a href="https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/panic_threshold">Envoy: panic threshold</a>
 */
public final class PoolHealthState {

    private static final Logger log = LoggerFactory.getLogger(PoolHealthState.class);

    private final String pool;
    private volatile boolean panic;
    private volatile int panicThreshold;
    private volatile int maxRequests;
    private volatile long slowStartNanos;
    private volatile List<EndpointState> members = List.of();
    // Kept by recompute() for gauges: a scrape reads them without walking the pool.
    private volatile int healthy;
    private volatile int ejected;
    private volatile int counted;
    private final AtomicLong ejections = new AtomicLong();
    // Requests in flight on all the pool's endpoints, kept by EndpointState: bounded-load hashing
    // reads it once per pick instead of summing every endpoint.
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    /** A pool's health with the defaults: panic below 50% healthy, no limit, no slow start. */
    public PoolHealthState(String pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.panicThreshold = 50;
    }

    /** A state for endpoints outside any compiled pool (tests, tools): never panics, no limits. */
    public static PoolHealthState detached() {
        PoolHealthState state = new PoolHealthState("(detached)");
        state.panicThreshold = 0;
        return state;
    }

    /** The pool's name. */
    public String pool() {
        return pool;
    }

    /** Requests in flight on all of the pool's endpoints. */
    public int inFlight() {
        return inFlight.get();
    }

    /** One of the pool's endpoints started ({@code +1}) or finished ({@code -1}) a request. */
    void inFlightChanged(int delta) {
        inFlight.addAndGet(delta);
    }

    /**
     * Applies a pool's (re)loaded settings.
     *
     * @param panicThresholdPercent 0..100; 0 = never panic
     * @param maxRequestsPerEndpoint requests in flight per endpoint, {@code >= 1}; 0 = no limit
     * @param slowStart             the ramp-up window; zero for none
     */
    public void configure(int panicThresholdPercent, int maxRequestsPerEndpoint, Duration slowStart) {
        if (panicThresholdPercent < 0 || panicThresholdPercent > 100) {
            throw new IllegalArgumentException("panicThresholdPercent: " + panicThresholdPercent + " (expected: 0..100)");
        }
        if (maxRequestsPerEndpoint < 0) {
            throw new IllegalArgumentException("maxRequestsPerEndpoint: " + maxRequestsPerEndpoint + " (expected: >= 0)");
        }
        if (slowStart.isNegative()) {
            throw new IllegalArgumentException("slowStart: " + slowStart + " (expected: >= 0)");
        }
        this.panicThreshold = panicThresholdPercent;
        this.maxRequests = maxRequestsPerEndpoint;
        this.slowStartNanos = slowStart.toNanos();
        recompute();
    }

    /** Sets the endpoints the panic share is computed over (the pool's current membership). */
    public void track(List<EndpointState> endpoints) {
        this.members = List.copyOf(endpoints);
        recompute();
    }

    /** Whether picks currently ignore health (too few endpoints are healthy). */
    public boolean isPanic() {
        return panic;
    }

    /** The panic threshold in percent (0: never). */
    public int panicThreshold() {
        return panicThreshold;
    }

    /** Requests in flight an endpoint may have; 0 for no limit. */
    public int maxRequests() {
        return maxRequests;
    }

    /** The slow-start window in nanoseconds; 0 for none. */
    public long slowStartNanos() {
        return slowStartNanos;
    }

    /** Healthy endpoints among those in service (not drained or taken out by an operator). */
    public int healthyEndpoints() {
        return healthy;
    }

    /** Endpoints in service: what the panic share is computed over. */
    public int endpointsInService() {
        return counted;
    }

    /** Endpoints currently ejected by outlier detection. */
    public int ejectedEndpoints() {
        return ejected;
    }

    /** Ejections since the pool was first compiled (survives reloads). */
    public long ejectionsTotal() {
        return ejections.get();
    }

    /**
     * Ejects {@code endpoint} unless that would leave more than {@code maxPercent} of the pool
     * ejected (at least one ejection is always allowed); returns whether it did. The check and
     * the ejection are atomic, so concurrent failures cannot overshoot the share.
     */
    public synchronized boolean ejectWithin(EndpointState endpoint, int maxPercent) {
        if (endpoint.isEjected()) {
            return false;
        }
        int size = members.size();
        int allowed = Math.max(1, size * maxPercent / 100);
        int now = 0;
        for (EndpointState e : members) {
            if (e.isEjected()) {
                now++;
            }
        }
        if (now >= allowed) {
            return false;
        }
        ejections.incrementAndGet();
        endpoint.setEjected(true);
        return true;
    }

    /** Recomputes the counts and the panic flag; logs when the pool enters or leaves panic. */
    synchronized void recompute() {
        int inService = 0;
        int ok = 0;
        int out = 0;
        for (EndpointState e : members) {
            if (e.isEjected()) {
                out++;
            }
            if (!e.isOperatorEnabled()) {
                continue;
            }
            inService++;
            if (e.isHealthy()) {
                ok++;
            }
        }
        counted = inService;
        healthy = ok;
        ejected = out;
        int threshold = panicThreshold;
        // ok / inService < threshold %, in integers.
        boolean next = threshold > 0 && inService > 0 && ok * 100L < (long) threshold * inService;
        if (next != panic) {
            panic = next;
            if (next) {
                log.warn("pool {}: panic mode: only {} of {} endpoints healthy (threshold {}%); sending requests to all"
                        + " of them, healthy or not", pool, ok, inService, threshold);
            } else {
                log.info("pool {}: panic mode over: {} of {} endpoints healthy; unhealthy endpoints get no requests",
                        pool, ok, inService);
            }
        }
    }

    @Override
    public String toString() {
        return "PoolHealthState[" + pool + ", healthy " + healthy + "/" + counted + (panic ? ", panic" : "") + "]";
    }
}
