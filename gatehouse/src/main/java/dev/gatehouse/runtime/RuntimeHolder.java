package dev.gatehouse.runtime;

import java.util.Objects;

/**
 * The one volatile reference to the current {@link RuntimeSnapshot}, swapped whole on reload, and
 * whether the gateway is stopping (then every answer closes its connection, so busy keep-alive
 * clients let go and a graceful stop is not held up to its deadline).
 */
public final class RuntimeHolder {

    private volatile RuntimeSnapshot current;
    private volatile boolean stopping;

    public RuntimeHolder(RuntimeSnapshot initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    /** The snapshot a new request should pin. */
    public RuntimeSnapshot current() {
        return current;
    }

    /** From now on, connections close after their current answer. */
    public void markStopping() {
        stopping = true;
    }

    public boolean isStopping() {
        return stopping;
    }

    public void swap(RuntimeSnapshot next) {
        current = Objects.requireNonNull(next, "next");
    }
}
