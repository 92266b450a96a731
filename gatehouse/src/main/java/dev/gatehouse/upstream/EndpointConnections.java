package dev.gatehouse.upstream;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The connections of one endpoint over all event loops: how many are open, the limits on them
 * ({@code max-connections}, {@code max-pending} of the pool's circuit breaker) and the requests
 * waiting for one. Outlives config snapshots like the endpoint's balancer state, so a reload
 * changes the limits of an endpoint it keeps and leaves its counts alone.
 *
 * <p>Idle connections stay with the event loop that opened them ({@link LoopConnectionPool});
 * what is shared here is counts, and the queue of waiters from every loop. A slot is taken
 * ({@link #tryReserve}) before a connection is opened and given back when its channel closes
 * ({@link #slotFreed}); when slots are full, a request waits as a {@link ConnectionWait}.
 *
 * <p>No lost wake-ups without a lock: whoever adds a waiter or frees a slot then calls
 * {@link #grantFreeSlots}, which hands free slots to waiters for as long as both exist. Each
 * waiter is claimed once (a CAS on its state), by whichever of grant, hand-over, timeout or
 * cancel comes first.
 */
public final class EndpointConnections {

    private final InetSocketAddress address;
    private volatile int maxConnections;
    private volatile int maxPending;
    // Open, being opened, or reserved for a waiter about to open one: what max-connections bounds.
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    // Every loop's waiters, oldest first; the loops keep their own lists too (for hand-overs).
    private final Queue<ConnectionWait> waiters = new ConcurrentLinkedQueue<>();
    private final LongAdder refusedWaiting = new LongAdder();
    private final LongAdder refusedAtOnce = new LongAdder();

    /** The connections of the endpoint at {@code address}, without limits. */
    public EndpointConnections(InetSocketAddress address) {
        this.address = Objects.requireNonNull(address, "address");
    }

    /** Where the endpoint's connections go. */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Applies the pool's (re)loaded limits. Waiters a higher limit (or none) leaves room for are
     * granted their connection at once.
     *
     * @param maxConnections connections open at most, {@code >= 1}; 0 for no limit
     * @param maxPending     requests that may wait when they are all taken, {@code >= 0}
     */
    public void setLimits(int maxConnections, int maxPending) {
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: >= 0)");
        }
        if (maxPending < 0) {
            throw new IllegalArgumentException("maxPending: " + maxPending + " (expected: >= 0)");
        }
        this.maxPending = maxPending;
        this.maxConnections = maxConnections;
        grantFreeSlots();
    }

    /** The most connections kept open; 0 for no limit. */
    public int maxConnections() {
        return maxConnections;
    }

    /** The most requests that may wait for a connection. */
    public int maxPending() {
        return maxPending;
    }

    /** Connections open or being opened, idle and busy, on every event loop. */
    public int open() {
        return open.get();
    }

    /** Requests waiting for a connection. */
    public int pending() {
        return pending.get();
    }

    /** Requests that waited for a connection longer than the connect timeout (held back by max-connections). */
    public long refusedWaiting() {
        return refusedWaiting.sum();
    }

    /** Requests refused at once because too many already waited (max-pending). */
    public long refusedAtOnce() {
        return refusedAtOnce.sum();
    }

    // ---------------------------------------------------------------- slots

    /** Takes a slot for a new connection; false when the endpoint is at its connection limit. */
    boolean tryReserve() {
        for (;;) {
            int n = open.get();
            int max = maxConnections;
            if (max > 0 && n >= max) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** A connection closed, failed to open, or a reserved slot went unused: a waiter may have it. */
    void slotFreed() {
        open.decrementAndGet();
        grantFreeSlots();
    }

    /**
     * Whether a connection released in good order may be kept idle: not when requests wait for a
     * slot on other loops (closing it gives them one), nor when a reload lowered the limit below
     * the connections now open.
     */
    boolean mayKeepIdle() {
        int max = maxConnections;
        return pending.get() == 0 && (max == 0 || open.get() <= max);
    }

    // ---------------------------------------------------------------- waiters

    /** Counts a new waiter in; false (and counted as refused) when {@code max-pending} already wait. */
    boolean tryEnterQueue() {
        for (;;) {
            int n = pending.get();
            if (n >= maxPending) {
                refusedAtOnce.increment();
                return false;
            }
            if (pending.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Queues a waiter counted in by {@link #tryEnterQueue}; it may be granted a slot at once. */
    void enqueue(ConnectionWait w) {
        waiters.add(w);
        grantFreeSlots();
    }

    /** A waiter was granted a slot: it is out of the queue already and waits no more. */
    void waiterGranted() {
        pending.decrementAndGet();
    }

    /**
     * A waiter was handed a connection, timed out ({@code timedOut}: counted as refused) or was
     * cancelled: it waits no more.
     */
    void waiterLeft(ConnectionWait w, boolean timedOut) {
        pending.decrementAndGet();
        waiters.remove(w);
        if (timedOut) {
            refusedWaiting.increment();
        }
    }

    /**
     * Hands free slots to waiters, oldest first, while there are both. A slot taken for a queue
     * that turns out empty (others claimed its waiters) is given back, and the loop looks again:
     * a waiter queued meanwhile may have missed that slot.
     */
    private void grantFreeSlots() {
        while (!waiters.isEmpty() && tryReserve()) {
            ConnectionWait w;
            boolean granted = false;
            while ((w = waiters.poll()) != null) {
                if (w.grant()) {
                    granted = true;
                    break;
                }
            }
            if (!granted) {
                open.decrementAndGet();
            }
        }
    }

    @Override
    public String toString() {
        return "EndpointConnections[" + address + ", open " + open + ", pending " + pending + "]";
    }
}
