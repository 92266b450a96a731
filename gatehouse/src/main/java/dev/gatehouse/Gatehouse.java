package dev.gatehouse;

import dev.gatehouse.config.GatehouseConfig;

/**
 * A running gateway assembled from one configuration: its listeners, routes and pools.
 * {@link #start} binds every listener or fails; {@link #close} stops accepting and releases
 * everything.
 */
public final class Gatehouse implements AutoCloseable {

    private Gatehouse() {
    }

    /**
     * Builds the runtime from {@code config} and binds every listener.
     *
     * @throws StartupException when a listener cannot bind (port in use, bad address) or a
     *                          backend address cannot be resolved
     */
    public static Gatehouse start(GatehouseConfig config) throws StartupException {
        throw new UnsupportedOperationException("being written");
    }

    /** The port listener {@code name} is bound to (the real one when the config said port 0). */
    public int listenerPort(String name) {
        throw new UnsupportedOperationException("being written");
    }

    /** Blocks until the gateway has been closed. */
    public void awaitClose() throws InterruptedException {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public void close() {
    }
}
