package dev.gatehouse.balancer.strategy;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.EndpointState;
import dev.gatehouse.balancer.PoolSnapshot;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Latency-aware: power of two choices priced by peak EWMA, as Finagle and Linkerd do. The cost of
 * an endpoint is its latency estimate × (requests in flight + 1) / weight, where the estimate
 * (kept in {@link EndpointState#latencyEwmaNanos}) jumps to any slower response at once and
 * decays otherwise.
 *
 * <p>So a backend that turns slow loses its traffic with its first slow response; while it gets
 * none, its estimate decays towards zero (by 1/e per decay time) until it is tried again, and a
 * recovered backend's fast answers bring its traffic back. An endpoint that has never answered
 * but has a request in flight costs a large penalty, so a new or restarted backend is not
 * flooded before its first response shows what it is worth.
 *
 * <p>The estimate lives in the endpoint's shared state, so it survives reloads that keep the
 * endpoint; nothing else needs carrying over.
 *
 * @see <a href="https://github.com/twitter/finagle/blob/develop/finagle-core/src/main/scala/com/twitter/finagle/loadbalancer/PeakEwma.scala">Finagle PeakEwma</a>
 * @see <a href="https://linkerd.io/2021/05/27/linkerd-2-10-load-balancing/">Linkerd: latency-aware load balancing</a>
 */
public final class EwmaBalancer extends TwoChoiceBalancer {

    /** Finagle's penalty for an endpoint with requests in flight and no latency yet, in nanoseconds. */
    static final double PENALTY = Long.MAX_VALUE >> 16;

    private final LongSupplier nanoClock;

    /** The system clock and {@link ThreadLocalRandom}; sets {@code decay} on every endpoint. */
    public EwmaBalancer(PoolSnapshot snapshot, Duration decay) {
        this(snapshot, decay, ThreadLocalRandom::current, System::nanoTime);
    }

    /**
     * @param decay     how fast latency estimates forget (set on each endpoint's state)
     * @param random    the generator for each pick
     * @param nanoClock the {@link System#nanoTime()} clock, or a fake one in tests; latencies must
     *                  be recorded on the same clock
     */
    public EwmaBalancer(PoolSnapshot snapshot, Duration decay, Supplier<RandomGenerator> random, LongSupplier nanoClock) {
        super(snapshot, random);
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        for (Endpoint e : snapshot.endpoints()) {
            e.state().setLatencyDecay(decay);
        }
    }

    @Override
    long now() {
        return nanoClock.getAsLong();
    }

    @Override
    double cost(Endpoint e, long nowNanos) {
        EndpointState state = e.state();
        int inFlight = state.inFlight();
        double latency = state.latencyEwmaNanos(nowNanos);
        if (latency == 0 && inFlight > 0) {
            return PENALTY + inFlight;
        }
        return latency * (inFlight + 1) / e.weight();
    }
}
