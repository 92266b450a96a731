package dev.gatehouse.balancer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live, mutable facts about one endpoint that outlive config snapshots: requests in flight,
 * totals, response latency, health, and whether it may take new requests.
 *
 * <p>Updated from every event loop, so counters are atomic; the pick path only reads them.
 *
 * <p>Whether the endpoint may take a request is four independent flags in one volatile int, so a
 * pick reads them at once: an operator's override ({@link #setReady}), an operator's drain
 * ({@link #setDraining}), failed active health checks ({@link #setActiveHealthy}) and an outlier
 * ejection ({@link #setEjected}). The last two are health: the pool's panic mode
 * ({@link PoolHealthState}) may override them, never the operator's. A change of health is
 * reported to the pool, which recomputes its panic flag; an endpoint that becomes healthy again
 * starts a slow-start ramp when its pool has one ({@link #weightFactor}).
 *
 * <p>Latency is a peak EWMA as in Finagle's {@code PeakEwma}. The estimate decays towards zero
 * by {@code w = exp(-Δt / decay)} over the time Δt since the last response, so the penalty of a
 * backend that no longer gets traffic fades and it is tried again. A response slower than the
 * decayed estimate replaces it at once (a backend turning slow is penalised by its first slow
 * answer, and a recovered one is worth its new latency as soon as it answers); a faster one pulls
 * the decayed estimate towards it with weight {@code 1 - w}. All times are in nanoseconds on the
 * {@link System#nanoTime()} clock.
 *
 * @see <a href="https://github.com/twitter/finagle/blob/develop/finagle-core/src/main/scala/com/twitter/finagle/loadbalancer/PeakEwma.scala">Finagle PeakEwma</a>
 */
public final class EndpointState {

    private static final int NOT_READY = 1;
    // Set by an operator (admin API): no new requests, in-flight ones finish. Independent of `ready`.
    private static final int DRAINING = 2;
    private static final int ACTIVE_UNHEALTHY = 4;
    private static final int EJECTED = 8;
    private static final int OPERATOR = NOT_READY | DRAINING;
    private static final int UNHEALTHY = ACTIVE_UNHEALTHY | EJECTED;
    /** {@link #rampStartNanos} when the endpoint is not ramping up. */
    private static final long NOT_RAMPING = Long.MIN_VALUE;
    /** A ramping endpoint gets at least this share of its weight (Envoy's min_weight_percent). */
    static final double MIN_WEIGHT_FACTOR = 0.1;
    private static final VarHandle FLAGS;
    private static final VarHandle RAMP_START;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            FLAGS = lookup.findVarHandle(EndpointState.class, "flags", int.class);
            RAMP_START = lookup.findVarHandle(EndpointState.class, "rampStartNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PoolHealthState pool;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder refusedAtLimit = new LongAdder();
    private volatile int flags;
    private volatile long rampStartNanos = NOT_RAMPING;
    // One immutable sample swapped by CAS: estimate and stamp must change together, without a lock.
    private final AtomicReference<Latency> latency = new AtomicReference<>(Latency.NONE);
    private volatile double latencyDecayNanos = DEFAULT_LATENCY_DECAY.toNanos();

    /** The latency decay time used until a balancer sets another (Finagle's default). */
    public static final Duration DEFAULT_LATENCY_DECAY = Duration.ofSeconds(10);

    private record Latency(double estimateNanos, long stampNanos, boolean sampled) {
        static final Latency NONE = new Latency(0, 0, false);
    }

    /** An endpoint outside any compiled pool: its pool never panics and sets no limits. */
    public EndpointState() {
        this(PoolHealthState.detached());
    }

    /** An endpoint of the pool whose shared health is {@code pool}. */
    public EndpointState(PoolHealthState pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /** The health its pool shares (panic flag, limits, slow start). */
    public PoolHealthState pool() {
        return pool;
    }

    /** Requests sent to the endpoint whose response has not finished yet. */
    public int inFlight() {
        return inFlight.get();
    }

    /** A request was sent; pair with {@link #requestFinished}. */
    public void requestStarted() {
        inFlight.incrementAndGet();
        pool.inFlightChanged(1);
        requests.increment();
    }

    /** A request ended, whatever its outcome. */
    public void requestFinished(boolean failed) {
        inFlight.decrementAndGet();
        pool.inFlightChanged(-1);
        if (failed) {
            failures.increment();
        }
    }

    /** A connection could not be made: counted as a failure without a request in flight. */
    public void connectFailed() {
        failures.increment();
    }

    public long requests() {
        return requests.sum();
    }

    public long failures() {
        return failures.sum();
    }

    /**
     * Records the time from sending a request to receiving its response head.
     *
     * @param nanos    the latency in nanoseconds, {@code >= 0}
     * @param nowNanos the current {@link System#nanoTime()}
     */
    public void recordLatency(long nanos, long nowNanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("nanos: " + nanos + " (expected: >= 0)");
        }
        double rtt = nanos;
        double decay = latencyDecayNanos;
        Latency old;
        Latency next;
        do {
            old = latency.get();
            double estimate = rtt;
            if (old.sampled()) {
                // w: how much of the old estimate survives the time since it was made.
                double w = Math.exp(-Math.max(0, nowNanos - old.stampNanos()) / decay);
                double current = old.estimateNanos() * w;
                if (rtt < current) {
                    estimate = current * w + rtt * (1 - w);
                }
            }
            next = new Latency(estimate, nowNanos, true);
        } while (!latency.compareAndSet(old, next));
    }

    /**
     * The peak-EWMA latency estimate in nanoseconds as of {@code nowNanos}, decayed towards zero
     * since the last response; 0 before the first response.
     */
    public double latencyEwmaNanos(long nowNanos) {
        Latency l = latency.get();
        if (!l.sampled()) {
            return 0;
        }
        long elapsed = nowNanos - l.stampNanos();
        return elapsed <= 0 ? l.estimateNanos() : l.estimateNanos() * Math.exp(-elapsed / latencyDecayNanos);
    }

    /** Whether any response latency was recorded yet. */
    public boolean hasLatency() {
        return latency.get().sampled();
    }

    /** The decay time of the latency estimate, in nanoseconds. */
    public long latencyDecayNanos() {
        return (long) latencyDecayNanos;
    }

    /**
     * Sets how fast the latency estimate forgets (the pool's {@code ewma-decay}); the balancer of
     * the endpoint's pool sets it when built.
     */
    public void setLatencyDecay(Duration decay) {
        if (decay.isNegative() || decay.isZero()) {
            throw new IllegalArgumentException("decay: " + decay + " (expected: > 0)");
        }
        this.latencyDecayNanos = decay.toNanos();
    }

    /**
     * Whether new requests may be sent here by the pool's usual rules: healthy (active checks
     * pass, not ejected), not taken out and not draining. Panic mode and limits aside; see
     * {@link #acceptsRequest()} for what the pick path asks.
     */
    public boolean isReady() {
        return flags == 0;
    }

    /**
     * Whether a pick may choose this endpoint now: not taken out or drained by an operator;
     * healthy, or its pool is in panic mode; and under the pool's per-endpoint request limit.
     * One volatile read in the usual case (and the in-flight count when there is a limit).
     */
    public boolean acceptsRequest() {
        int f = flags;
        PoolHealthState p = pool;
        if (f != 0 && ((f & OPERATOR) != 0 || !p.isPanic())) {
            return false;
        }
        int max = p.maxRequests();
        // A soft limit: two loops picking at once may both pass the check; never by more than the
        // number of event loops.
        return max == 0 || inFlight.get() < max;
    }

    /**
     * Whether only the pool's request limit keeps the endpoint from taking a request now; if so,
     * counts one refusal ({@link #refusedAtLimit}). See {@link PoolSnapshot#refusedByRequestLimit}.
     */
    boolean countRefusalAtLimit() {
        int f = flags;
        PoolHealthState p = pool;
        if (f != 0 && ((f & OPERATOR) != 0 || !p.isPanic())) {
            return false;
        }
        int max = p.maxRequests();
        if (max == 0 || inFlight.get() < max) {
            return false;
        }
        refusedAtLimit.increment();
        return true;
    }

    /** Requests refused because the endpoint was at the pool's request limit ({@code max-requests}). */
    public long refusedAtLimit() {
        return refusedAtLimit.sum();
    }

    /** The operator's override: false takes the endpoint out of rotation whatever its health. */
    public void setReady(boolean ready) {
        update(NOT_READY, !ready);
    }

    /** Whether an operator drained the endpoint: it takes no new requests until enabled again. */
    public boolean isDraining() {
        return (flags & DRAINING) != 0;
    }

    /** Drains ({@code true}) or enables ({@code false}) the endpoint; requests in flight are not affected. */
    public void setDraining(boolean draining) {
        update(DRAINING, draining);
    }

    /** Neither taken out ({@link #setReady}) nor drained by an operator. */
    public boolean isOperatorEnabled() {
        return (flags & OPERATOR) == 0;
    }

    /** Whether health allows requests here: active checks pass (or there are none) and not ejected. */
    public boolean isHealthy() {
        return (flags & UNHEALTHY) == 0;
    }

    /** Whether active health checks pass (true when the pool has none). */
    public boolean isActiveHealthy() {
        return (flags & ACTIVE_UNHEALTHY) == 0;
    }

    /** Set by the pool's active health checker when the endpoint's state flips. */
    public void setActiveHealthy(boolean healthy) {
        update(ACTIVE_UNHEALTHY, !healthy);
    }

    /** Whether outlier detection has ejected the endpoint. */
    public boolean isEjected() {
        return (flags & EJECTED) != 0;
    }

    /** Set by outlier detection (through {@link PoolHealthState#ejectWithin}) and its un-ejection timer. */
    public void setEjected(boolean ejected) {
        update(EJECTED, ejected);
    }

    private void update(int bit, boolean on) {
        int old;
        int next;
        do {
            old = flags;
            next = on ? old | bit : old & ~bit;
            if (next == old) {
                return;
            }
        } while (!FLAGS.compareAndSet(this, old, next));
        if ((old & UNHEALTHY) != 0 && (next & UNHEALTHY) == 0) {
            startRamp(System.nanoTime());
        }
        pool.recompute();
    }

    /**
     * Starts a slow-start ramp at {@code nowNanos}, if the pool has a slow-start window: for that
     * window the endpoint's effective weight grows linearly from a tenth to all of its weight.
     * Called when the endpoint becomes healthy again, and when a reload adds it to a running pool.
     */
    public void startRamp(long nowNanos) {
        if (pool.slowStartNanos() > 0) {
            rampStartNanos = nowNanos == NOT_RAMPING ? NOT_RAMPING + 1 : nowNanos;
        }
    }

    /** Whether the endpoint may be ramping up: strategies read the clock only when it is. */
    public boolean isRamping() {
        return rampStartNanos != NOT_RAMPING;
    }

    /**
     * The share of its weight the endpoint gets at {@code nowNanos}: 1.0 when not ramping, else
     * the elapsed part of the pool's slow-start window, at least 0.1 (so a recovered endpoint gets
     * some traffic from the start, as Envoy's {@code min_weight_percent}). A ramp that has run its
     * course ends here, so later picks need no clock.
     *
     * @see <a href="https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/slow_start">Envoy: slow start mode</a>
     */
    public double weightFactor(long nowNanos) {
        long start = rampStartNanos;
        if (start == NOT_RAMPING) {
            return 1.0;
        }
        long window = pool.slowStartNanos();
        long elapsed = nowNanos - start;
        if (window <= 0 || elapsed >= window) {
            // CAS: a ramp started meanwhile (the endpoint failed and recovered again) must stay.
            RAMP_START.compareAndSet(this, start, NOT_RAMPING);
            return 1.0;
        }
        return Math.max(MIN_WEIGHT_FACTOR, (double) Math.max(0, elapsed) / window);
    }
}
