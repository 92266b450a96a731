package dev.gatehouse;

import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.ListenerConfig;
import dev.gatehouse.edge.EdgeListener;
import dev.gatehouse.exchange.ExchangeObserver;
import dev.gatehouse.proxy.ListenerContext;
import dev.gatehouse.runtime.RuntimeCompiler;
import dev.gatehouse.runtime.RuntimeHolder;
import dev.gatehouse.runtime.RuntimeSnapshot;
import dev.gatehouse.runtime.Transport;
import dev.gatehouse.upstream.UpstreamConnector;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway assembled from one configuration: its listeners, routes and pools.
 * {@link #start} binds every listener or fails; {@link #close} stops accepting and releases
 * everything.
 */
public final class Gatehouse implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gatehouse.class);

    private final EventLoopGroup workers;
    private final RuntimeHolder runtime;
    private final List<EdgeListener> listeners;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();

    private Gatehouse(EventLoopGroup workers, RuntimeHolder runtime, List<EdgeListener> listeners) {
        this.workers = workers;
        this.runtime = runtime;
        this.listeners = listeners;
    }

    /**
     * Builds the runtime from {@code config} and binds every listener.
     *
     * @throws StartupException when a listener cannot bind (port in use, bad address) or a
     *                          backend address cannot be resolved
     */
    public static Gatehouse start(GatehouseConfig config) throws StartupException {
        RuntimeSnapshot snapshot;
        try {
            snapshot = RuntimeCompiler.compile(config, null);
        } catch (java.net.UnknownHostException e) {
            throw new StartupException(e.getMessage(), e);
        }
        Transport transport = Transport.best();
        // One event loop per core: each loop owns its connections end to end, so more loops than
        // cores only adds context switches.
        EventLoopGroup workers = transport.newGroup(0, "gatehouse-io", false);
        RuntimeHolder runtime = new RuntimeHolder(snapshot);
        UpstreamConnector upstreams = new UpstreamConnector(transport);
        List<EdgeListener> bound = new ArrayList<>();
        try {
            for (ListenerConfig lc : config.listeners()) {
                ListenerContext context = new ListenerContext(lc.name(), "http",
                        lc.limits().maxBodySize().bytes(), runtime, upstreams, ExchangeObserver.NONE);
                try {
                    bound.add(EdgeListener.bind(lc, context, workers, transport));
                } catch (Exception e) {
                    throw new StartupException("listener " + lc.name() + " cannot bind " + lc.address()
                            + ": " + describe(e), e);
                }
            }
        } catch (StartupException e) {
            bound.forEach(EdgeListener::stopAccepting);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw e;
        }
        Gatehouse gatehouse = new Gatehouse(workers, runtime, bound);
        for (EdgeListener l : bound) {
            InetSocketAddress a = l.boundAddress();
            log.info("listener {} on {}:{} ({} transport)", l.name(), a.getHostString(), a.getPort(), transport.name());
        }
        return gatehouse;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof java.net.BindException || (message != null && message.contains("Address already in use"))) {
            return "address already in use";
        }
        return message != null ? message : e.getClass().getSimpleName();
    }

    /** The port listener {@code name} is bound to (the real one when the config said port 0). */
    public int listenerPort(String name) {
        for (EdgeListener l : listeners) {
            if (l.name().equals(name)) {
                return l.boundAddress().getPort();
            }
        }
        throw new IllegalArgumentException("listener: \"" + name + "\" (expected: one of the configured listeners)");
    }

    /** The runtime currently serving new requests. */
    public RuntimeSnapshot runtime() {
        return runtime.current();
    }

    /** Blocks until the gateway has been closed. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops accepting, then shuts the event loops down, letting queued work run out briefly. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        listeners.forEach(EdgeListener::stopAccepting);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        closed.countDown();
    }
}
