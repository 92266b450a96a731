package dev.gatehouse.upstream;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request waiting for a connection to an endpoint at its {@code max-connections} limit. It
 * ends in one of four ways, whichever comes first: a connection released on its own event loop
 * is handed over; a slot freed anywhere is granted (the connection is then opened on its loop);
 * the connect timeout passes (the listener hears {@link ConnectListener#onRefused}); or the
 * request no longer needs it ({@link #cancel}).
 *
 * <p>Grants come from any thread; everything else, and every call to the listener, runs on the
 * waiter's event loop.
 */
public final class ConnectionWait {

    private static final int WAITING = 0;
    private static final int CLAIMED = 1;

    private final UpstreamConnector connector;
    private final EventLoop loop;
    private final LoopConnectionPool pool;
    private final EndpointConnections endpoint;
    private final UpstreamSettings settings;
    private final ConnectListener listener;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    // One idle connection on another loop may be closed for this waiter, not one per loop.
    private final AtomicBoolean trimAsked = new AtomicBoolean();
    // Confined to the loop.
    private ScheduledFuture<?> timeout;
    private boolean abandoned;

    ConnectionWait(UpstreamConnector connector, EventLoop loop, LoopConnectionPool pool, EndpointConnections endpoint,
                   UpstreamSettings settings, ConnectListener listener) {
        this.connector = connector;
        this.loop = loop;
        this.pool = pool;
        this.endpoint = endpoint;
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * The request no longer needs a connection (its client left, or it was answered otherwise):
     * it leaves the queue at once. Call on the waiter's event loop; harmless when it already
     * got its connection or timed out.
     */
    public void cancel() {
        abandoned = true;
        if (!claim()) {
            return;
        }
        endpoint.waiterLeft(this, false);
        pool.removeWaiter(this);
        stopTimer();
    }

    EndpointConnections endpoint() {
        return endpoint;
    }

    boolean isWaiting() {
        return state.get() == WAITING;
    }

    /** Whether this waiter may have an idle connection closed for it; true once. */
    boolean claimTrim() {
        return trimAsked.compareAndSet(false, true);
    }

    /** Starts the wait's clock: the pool's connect timeout covers the wait, then the connect. */
    void armTimeout() {
        timeout = loop.schedule(this::timedOut, settings.connectTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A slot is reserved for this waiter (called from any thread): opens its connection on its
     * loop. False, with the slot still the caller's, when the waiter was claimed otherwise.
     */
    boolean grant() {
        if (!claim()) {
            return false;
        }
        endpoint.waiterGranted();
        try {
            loop.execute(this::openGranted);
        } catch (RejectedExecutionException e) {
            // The loop is shutting down and its connections with it.
            endpoint.slotFreed();
        }
        return true;
    }

    /** Takes {@code c}, released on this waiter's loop; false when the waiter was claimed otherwise. */
    boolean handOver(UpstreamConnection c) {
        if (!claim()) {
            return false;
        }
        endpoint.waiterLeft(this, false);
        stopTimer();
        listener.onConnected(c);
        return true;
    }

    private void openGranted() {
        pool.removeWaiter(this);
        stopTimer();
        if (abandoned) {
            endpoint.slotFreed();
            return;
        }
        connector.open(loop, pool, endpoint, settings, listener);
    }

    private void timedOut() {
        if (!claim()) {
            return;
        }
        endpoint.waiterLeft(this, true);
        pool.removeWaiter(this);
        listener.onRefused(true);
    }

    private boolean claim() {
        return state.compareAndSet(WAITING, CLAIMED);
    }

    private void stopTimer() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}
