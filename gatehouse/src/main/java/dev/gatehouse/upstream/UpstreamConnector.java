package dev.gatehouse.upstream;

import dev.gatehouse.runtime.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;

/**
 * Lends connections to backends: an idle one from the calling event loop's pool, or a new one
 * opened on that same loop, so an exchange never crosses threads.
 *
 * <p>With a {@code max-connections} limit, a request that finds no idle connection on its loop
 * and no free slot waits ({@link ConnectionWait}) for a connection released on its loop or a
 * slot freed anywhere; to free one, an idle connection another loop holds to the endpoint is
 * closed for it. Past {@code max-pending} waiters the request is refused at once.
 */
public final class UpstreamConnector {

    private final Transport transport;
    // Each loop's pool, made on the loop's first request; all of them, to reach their idle connections.
    private final FastThreadLocal<LoopConnectionPool> pools = new FastThreadLocal<>();
    private final List<LoopConnectionPool> allPools = new CopyOnWriteArrayList<>();

    public UpstreamConnector(Transport transport) {
        this.transport = transport;
    }

    /**
     * Gets a connection to {@code endpoint} for a request running on {@code loop}; must be called
     * on {@code loop}. The listener hears the outcome, possibly before this method returns.
     *
     * @return null when the outcome is settled (or being settled: a connect under way); the wait
     *         when the request waits for a connection, to {@link ConnectionWait#cancel} if the
     *         request ends first
     */
    public ConnectionWait acquire(EventLoop loop, EndpointConnections endpoint, UpstreamSettings settings,
            ConnectListener listener) {
        LoopConnectionPool pool = pool(loop);
        UpstreamConnection idle = pool.poll(endpoint);
        if (idle != null) {
            listener.onConnected(idle);
            return null;
        }
        if (endpoint.tryReserve()) {
            open(loop, pool, endpoint, settings, listener);
            return null;
        }
        if (!endpoint.tryEnterQueue()) {
            listener.onRefused(false);
            return null;
        }
        ConnectionWait wait = new ConnectionWait(this, loop, pool, endpoint, settings, listener);
        pool.addWaiter(wait);
        wait.armTimeout();
        // Queued last: a grant runs its connect on this loop, so after this method returns.
        endpoint.enqueue(wait);
        if (wait.isWaiting()) {
            closeIdleElsewhere(wait, pool);
        }
        return wait;
    }

    /** Opens a connection in a slot already reserved for it; the listener hears the outcome. */
    void open(EventLoop loop, LoopConnectionPool pool, EndpointConnections endpoint, UpstreamSettings settings,
            ConnectListener listener) {
        ResponseParser parser = new ResponseParser();
        UpstreamConnection connection = new UpstreamConnection(pool, endpoint, settings, parser);
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannelClass())
                .option(ChannelOption.AUTO_READ, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("parser", parser);
                        ch.pipeline().addLast("connection", connection);
                    }
                });
        ChannelFuture connect = bootstrap.connect(endpoint.address());
        // A failed connect closes the channel too; the failure listener covers a channel that
        // never registered (and so never completes its close future).
        connect.channel().closeFuture().addListener(f -> connection.giveBackSlot());
        connect.addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                listener.onConnected(connection);
            } else {
                connection.giveBackSlot();
                Throwable cause = f.cause();
                listener.onConnectFailed(cause, cause instanceof ConnectTimeoutException);
            }
        });
    }

    private LoopConnectionPool pool(EventLoop loop) {
        LoopConnectionPool pool = pools.get();
        if (pool == null) {
            pool = new LoopConnectionPool(loop);
            pools.set(pool);
            allPools.add(pool);
        }
        return pool;
    }

    /**
     * Asks the other loops to close an idle connection to the waiter's endpoint (one in all): at
     * its limit, a connection sitting idle on another loop would otherwise keep the waiter out
     * until its idle timeout. Only requests that wait pay for these tasks; keeping no shared
     * count of idle connections spares every request two contended atomic updates.
     */
    private void closeIdleElsewhere(ConnectionWait wait, LoopConnectionPool own) {
        for (LoopConnectionPool other : allPools) {
            if (other != own) {
                try {
                    other.loop().execute(() -> other.closeIdleFor(wait));
                } catch (RejectedExecutionException e) {
                    // Shutting down: its connections are closing anyway.
                }
            }
        }
    }
}
