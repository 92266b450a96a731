package dev.gatehouse.balancer;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live, mutable facts about one endpoint that outlive config snapshots: requests in flight,
 * totals, and whether it may take new requests.
 *
 * <p>Updated from every event loop, so counters are atomic; the pick path only reads them.
 */
public final class EndpointState {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile boolean ready = true;

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

    public boolean isReady() {
        return ready;
    }

    public void setReady(boolean ready) {
        this.ready = ready;
    }
}
