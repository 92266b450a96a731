package dev.gatehouse.edge;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many connections each client address holds on one listener, so that no single client can
 * take all of them ({@code max-connections-per-client}). Touched once when a connection is
 * accepted and once when it closes, never per request; entries go when their count reaches zero.
 */
final class ClientConnectionLimit {

    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    /** @param max the most connections per address, {@code >= 1} */
    ClientConnectionLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= 1)");
        }
        this.max = max;
    }

    /** Counts one more connection of {@code client}; false (and nothing counted) at the limit. */
    boolean tryAcquire(InetAddress client) {
        boolean[] admitted = {false};
        // compute() is atomic per key: two accepts of one client cannot both take the last place.
        open.compute(client, (address, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        return admitted[0];
    }

    /** One connection of {@code client} closed. */
    void release(InetAddress client) {
        open.computeIfPresent(client, (address, count) -> count <= 1 ? null : count - 1);
    }

    /** Connections {@code client} holds now (for tests). */
    int openConnections(InetAddress client) {
        return open.getOrDefault(client, 0);
    }
}
