package dev.gatehouse.upstream;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The idle keep-alive connections of one event loop, by endpoint, and the requests of this loop
 * waiting for a connection to an endpoint at its limit. Confined to its loop, so it needs no
 * lock; most-recently-used first, so warm connections are reused and cold ones age out through
 * their idle timeout.
 *
 * <p>Keyed by endpoint rather than address: a connection counts against the endpoint that
 * opened it ({@link EndpointConnections}), so only that endpoint's requests reuse it.
 */
final class LoopConnectionPool {

    private final EventLoop loop;
    private final Map<EndpointConnections, ArrayDeque<UpstreamConnection>> idle = new HashMap<>();
    private final Map<EndpointConnections, ArrayDeque<ConnectionWait>> waiters = new HashMap<>();

    LoopConnectionPool(EventLoop loop) {
        this.loop = loop;
    }

    EventLoop loop() {
        return loop;
    }

    /** An idle, open connection to {@code endpoint}, or null. */
    UpstreamConnection poll(EndpointConnections endpoint) {
        ArrayDeque<UpstreamConnection> q = idle.get(endpoint);
        if (q == null) {
            return null;
        }
        UpstreamConnection c;
        while ((c = q.pollLast()) != null) {
            if (c.channel().isActive()) {
                return c;
            }
        }
        return null;
    }

    /**
     * Parks {@code c}; false when its endpoint already has {@code max} idle connections here, or
     * must not keep it ({@link EndpointConnections#mayKeepIdle}).
     */
    boolean offer(UpstreamConnection c, int max) {
        EndpointConnections endpoint = c.endpoint();
        // A request that starts waiting on another loop after this check asks this loop to close
        // an idle connection for it, in a task that runs after this one: it is not missed.
        if (!endpoint.mayKeepIdle()) {
            return false;
        }
        ArrayDeque<UpstreamConnection> q = idle.computeIfAbsent(endpoint, e -> new ArrayDeque<>());
        if (q.size() >= max) {
            return false;
        }
        q.addLast(c);
        return true;
    }

    /** An idle connection closed. */
    void remove(UpstreamConnection c) {
        EndpointConnections endpoint = c.endpoint();
        ArrayDeque<UpstreamConnection> q = idle.get(endpoint);
        if (q != null && q.remove(c) && q.isEmpty()) {
            // An endpoint a reload removed leaves no entry behind once its last connection closed.
            idle.remove(endpoint);
        }
    }

    /**
     * Hands {@code c}, released in good order, to the oldest request of this loop waiting for a
     * connection to its endpoint; false when there is none.
     */
    boolean handOver(UpstreamConnection c) {
        EndpointConnections endpoint = c.endpoint();
        if (endpoint.pending() == 0) {
            return false;
        }
        ArrayDeque<ConnectionWait> q = waiters.get(endpoint);
        if (q == null) {
            return false;
        }
        ConnectionWait w;
        boolean taken = false;
        while (!taken && (w = q.pollFirst()) != null) {
            taken = w.handOver(c);
        }
        if (q.isEmpty()) {
            waiters.remove(endpoint);
        }
        return taken;
    }

    void addWaiter(ConnectionWait w) {
        waiters.computeIfAbsent(w.endpoint(), e -> new ArrayDeque<>()).addLast(w);
    }

    void removeWaiter(ConnectionWait w) {
        ArrayDeque<ConnectionWait> q = waiters.get(w.endpoint());
        if (q != null) {
            q.remove(w);
            if (q.isEmpty()) {
                waiters.remove(w.endpoint());
            }
        }
    }

    /**
     * Closes this loop's coldest idle connection to the waiter's endpoint, if it has one and the
     * waiter still waits and has not had one closed for it elsewhere: the freed slot goes to a
     * waiter, which opens its connection on its own loop.
     */
    void closeIdleFor(ConnectionWait w) {
        ArrayDeque<UpstreamConnection> q = idle.get(w.endpoint());
        if (q == null || q.isEmpty() || !w.isWaiting() || !w.claimTrim()) {
            return;
        }
        q.pollFirst().channel().close();
    }
}
