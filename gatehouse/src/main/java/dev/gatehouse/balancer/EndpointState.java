package dev.gatehouse.balancer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live, mutable facts about one endpoint that outlive config snapshots: requests in flight,
 * totals, response latency, and whether it may take new requests.
 *
 * <p>Updated from every event loop, so counters are atomic; the pick path only reads them.
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

    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile boolean ready = true;
    // Set by an operator (admin API): no new requests, in-flight ones finish. Independent of `ready`.
    private volatile boolean draining;
    // One immutable sample swapped by CAS: estimate and stamp must change together, without a lock.
    private final AtomicReference<Latency> latency = new AtomicReference<>(Latency.NONE);
    private volatile double latencyDecayNanos = DEFAULT_LATENCY_DECAY.toNanos();

    /** The latency decay time used until a balancer sets another (Finagle's default). */
    public static final Duration DEFAULT_LATENCY_DECAY = Duration.ofSeconds(10);

    private record Latency(double estimateNanos, long stampNanos, boolean sampled) {
        static final Latency NONE = new Latency(0, 0, false);
    }

    /** Requests sent to the endpoint whose response has not finished yet. */
    public int inFlight() {
        return inFlight.get();
    }

    /** A request was sent; pair with {@link #requestFinished}. */
    public void requestStarted() {
        inFlight.incrementAndGet();
        requests.increment();
    }

    /** A request ended, whatever its outcome. */
    public void requestFinished(boolean failed) {
        inFlight.decrementAndGet();
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

    /** Whether new requests may be sent here: ready and not draining. */
    public boolean isReady() {
        return ready && !draining;
    }

    public void setReady(boolean ready) {
        this.ready = ready;
    }

    /** Whether an operator drained the endpoint: it takes no new requests until enabled again. */
    public boolean isDraining() {
        return draining;
    }

    /** Drains ({@code true}) or enables ({@code false}) the endpoint; requests in flight are not affected. */
    public void setDraining(boolean draining) {
        this.draining = draining;
    }
}
