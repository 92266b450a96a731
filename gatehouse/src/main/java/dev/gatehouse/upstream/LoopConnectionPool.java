package dev.gatehouse.upstream;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The idle keep-alive connections of one event loop, by backend address. Confined to its loop,
 * so it needs no lock; most-recently-used first, so warm connections are reused and cold ones
 * age out through their idle timeout.
 */
final class LoopConnectionPool {

    private final Map<InetSocketAddress, ArrayDeque<UpstreamConnection>> idle = new HashMap<>();

    /** An idle, open connection to {@code address}, or null. */
    UpstreamConnection poll(InetSocketAddress address) {
        ArrayDeque<UpstreamConnection> q = idle.get(address);
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

    /** Parks {@code c}; false when the backend already has {@code max} idle connections here. */
    boolean offer(UpstreamConnection c, int max) {
        ArrayDeque<UpstreamConnection> q = idle.computeIfAbsent(c.address(), a -> new ArrayDeque<>());
        if (q.size() >= max) {
            return false;
        }
        q.addLast(c);
        return true;
    }

    void remove(UpstreamConnection c) {
        ArrayDeque<UpstreamConnection> q = idle.get(c.address());
        if (q != null) {
            q.remove(c);
        }
    }

    /** Idle connections held for {@code address} (for tests and status). */
    int idleCount(InetSocketAddress address) {
        ArrayDeque<UpstreamConnection> q = idle.get(address);
        return q == null ? 0 : q.size();
    }
}
