package dev.gatehouse.health;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.EndpointState;
import dev.gatehouse.balancer.PoolHealthState;
import dev.gatehouse.balancer.PoolSnapshot;
import dev.gatehouse.config.OutlierDetectionConfig;
import dev.gatehouse.config.load.Durations;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passive health for one pool: ejects an endpoint whose real requests fail
 * {@code consecutive-failures} times in a row, for an ejection time that doubles with each
 * ejection, and brings it back when that time has passed.
 *
 * <ul>
 *   <li>The n-th ejection in a row lasts {@code base-ejection-time × 2^(n−1)}, at most
 *       {@code max-ejection-time}. An endpoint that then stays in rotation for
 *       {@code max-ejection-time} starts again from the base time.</li>
 *   <li>No more than {@code max-ejection-percent} of the pool is ejected at once (always at least
 *       one endpoint may be): a failure that would exceed it leaves the endpoint in rotation and
 *       is tried again at its next failure.</li>
 *   <li>A success resets the count; so does an ejection. Failures of requests that were already
 *       in flight when the endpoint was ejected do not count towards the next ejection.</li>
 *   <li>Un-ejection is a flag flipped by a timer task, so the pick path reads a flag and never a
 *       clock. The timer is one daemon thread shared by every pool: a stale timer only ever
 *       un-ejects an ejection it was scheduled for. When the pool also has active checks, their
 *       seeing the endpoint recover ends its ejection early (see {@link EndpointProbe}).</li>
 * </ul>
 *
 * <p>A reload hands the new detector the previous one: endpoints that stay keep their history
 * (failure count, ejections, pending un-ejection). Called from every event loop; the success path
 * is one volatile read, failures count with one atomic increment.
 *
 * @see <a href="https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier">Envoy: outlier detection</a>
 */
public final class OutlierDetector implements PassiveHealth {

    private static final Logger log = LoggerFactory.getLogger(OutlierDetector.class);

    /** Runs a task after a delay: un-ejections. Tests pass a fake one driven by a fake clock. */
    @FunctionalInterface
    public interface Scheduler {

        /** Runs {@code task} once, about {@code delayNanos} from now. */
        void schedule(Runnable task, long delayNanos);

        /** One daemon timer thread for the whole process. */
        static Scheduler shared() {
            return SharedTimer.INSTANCE;
        }
    }

    private final OutlierDetectionConfig config;
    private final String pool;
    private final PoolHealthState health;
    private final LongSupplier clock;
    private final Scheduler scheduler;
    // By endpoint position for the usual lookup; by state for endpoints of an older snapshot that
    // a request pinned before a reload reordered the pool.
    private final History[] byIndex;
    private final Map<EndpointState, History> byState;

    /**
     * @param previous the detector of the same pool in the snapshot being replaced, or null
     */
    public OutlierDetector(OutlierDetectionConfig config, PoolSnapshot snapshot, OutlierDetector previous) {
        this(config, snapshot, previous, System::nanoTime, Scheduler.shared());
    }

    /**
     * @param clock     the {@link System#nanoTime()} clock, or a fake one in tests
     * @param scheduler runs un-ejections
     */
    public OutlierDetector(OutlierDetectionConfig config, PoolSnapshot snapshot, OutlierDetector previous,
            LongSupplier clock, Scheduler scheduler) {
        this.config = Objects.requireNonNull(config, "config");
        this.pool = snapshot.name();
        this.health = snapshot.health();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        List<Endpoint> endpoints = snapshot.endpoints();
        this.byIndex = new History[endpoints.size()];
        this.byState = new IdentityHashMap<>();
        for (Endpoint e : endpoints) {
            History h = previous == null ? null : previous.byState.get(e.state());
            if (h == null) {
                h = new History(e.state());
            }
            byIndex[e.index()] = h;
            byState.put(e.state(), h);
        }
    }

    /** The settings this detector applies. */
    public OutlierDetectionConfig config() {
        return config;
    }

    @Override
    public void onSuccess(Endpoint endpoint) {
        History h = history(endpoint);
        // Read before writing: a healthy endpoint's successes then write nothing shared.
        if (h != null && h.failures.get() != 0) {
            h.failures.set(0);
        }
    }

    @Override
    public void onFailure(Endpoint endpoint) {
        History h = history(endpoint);
        if (h == null || h.state.isEjected()) {
            return;
        }
        if (h.failures.incrementAndGet() >= config.consecutiveFailures()) {
            eject(endpoint, h);
        }
    }

    /** How many times in a row {@code endpoint} was ejected lately (0: never, or forgiven since). */
    public int ejections(Endpoint endpoint) {
        History h = history(endpoint);
        if (h == null) {
            return 0;
        }
        synchronized (h) {
            return h.ejections;
        }
    }

    private History history(Endpoint endpoint) {
        int i = endpoint.index();
        if (i < byIndex.length && byIndex[i].state == endpoint.state()) {
            return byIndex[i];
        }
        return byState.get(endpoint.state());
    }

    private void eject(Endpoint endpoint, History h) {
        long ejectionNanos;
        int nth;
        long id;
        synchronized (h) {
            if (h.state.isEjected() || h.failures.get() < config.consecutiveFailures()) {
                return; // another loop's failure got here first
            }
            long now = clock.getAsLong();
            long maxNanos = config.maxEjectionTime().toNanos();
            // Forgiven: back in rotation long enough for this to count as a first ejection again.
            boolean forgiven = h.ejections > 0 && now - h.returnedNanos >= maxNanos;
            nth = forgiven ? 1 : h.ejections + 1;
            ejectionNanos = ejectionNanos(nth, config.baseEjectionTime().toNanos(), maxNanos);
            if (!health.ejectWithin(h.state, config.maxEjectionPercent())) {
                if (!h.refusalLogged) {
                    h.refusalLogged = true;
                    log.warn("pool {}: endpoint {} failed {} requests in a row but stays in rotation: {} of {} endpoints"
                            + " are ejected already (max-ejection-percent {}%)", pool, endpoint.name(),
                            h.failures.get(), health.ejectedEndpoints(), health.endpointsInService(),
                            config.maxEjectionPercent());
                }
                return;
            }
            h.refusalLogged = false;
            h.ejections = nth;
            h.failures.set(0);
            id = ++h.ejectionId;
        }
        log.warn("pool {}: endpoint {} ejected for {} after {} consecutive failures (ejection {} in a row; {} of {}"
                + " endpoints ejected)", pool, endpoint.name(), Durations.format(Duration.ofNanos(ejectionNanos)),
                config.consecutiveFailures(), nth, health.ejectedEndpoints(), health.endpointsInService());
        scheduler.schedule(() -> readmit(endpoint, h, id), ejectionNanos);
    }

    private void readmit(Endpoint endpoint, History h, long id) {
        synchronized (h) {
            if (h.ejectionId != id || !h.state.isEjected()) {
                return;
            }
            h.returnedNanos = clock.getAsLong();
            // Failures of requests sent before the ejection may have arrived since.
            h.failures.set(0);
            h.state.setEjected(false);
        }
        log.info("pool {}: endpoint {} back in rotation after its ejection", pool, endpoint.name());
    }

    /** {@code base × 2^(nth−1)}, at most {@code max}, without overflowing. */
    static long ejectionNanos(int nth, long baseNanos, long maxNanos) {
        int shift = Math.min(nth - 1, 62);
        if (baseNanos > (maxNanos >> shift)) {
            return maxNanos;
        }
        return Math.min(maxNanos, baseNanos << shift);
    }

    /** What the detector remembers of one endpoint; shared by the detectors of successive reloads. */
    private static final class History {
        final EndpointState state;
        final AtomicInteger failures = new AtomicInteger();
        // Guarded by this.
        int ejections;
        long ejectionId;
        long returnedNanos;
        boolean refusalLogged;

        History(EndpointState state) {
            this.state = state;
        }
    }

    /** The process-wide un-ejection timer: one daemon thread, created on first use. */
    private static final class SharedTimer implements Scheduler {
        static final SharedTimer INSTANCE = new SharedTimer();

        private final ScheduledThreadPoolExecutor executor;

        private SharedTimer() {
            executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "gatehouse-outlier-timer");
                t.setDaemon(true);
                return t;
            });
            executor.setRemoveOnCancelPolicy(true);
        }

        @Override
        public void schedule(Runnable task, long delayNanos) {
            executor.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("outlier detection: an un-ejection failed", e);
                }
            }, delayNanos, TimeUnit.NANOSECONDS);
        }
    }
}
