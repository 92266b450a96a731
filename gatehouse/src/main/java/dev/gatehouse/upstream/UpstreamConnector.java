package dev.gatehouse.upstream;

import dev.gatehouse.runtime.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;

/**
 * Lends connections to backends: an idle one from the calling event loop's pool, or a new one
 * opened on that same loop, so an exchange never crosses threads.
 */
public final class UpstreamConnector {

    private static final HttpDecoderConfig RESPONSE_DECODER = new HttpDecoderConfig()
            .setMaxInitialLineLength(8192)
            .setMaxHeaderSize(64 * 1024)
            .setMaxChunkSize(64 * 1024)
            .setAllowDuplicateContentLengths(false);

    private final Transport transport;
    private final FastThreadLocal<LoopConnectionPool> pools = new FastThreadLocal<>() {
        @Override
        protected LoopConnectionPool initialValue() {
            return new LoopConnectionPool();
        }
    };

    public UpstreamConnector(Transport transport) {
        this.transport = transport;
    }

    /**
     * Gets a connection to {@code address} for a request running on {@code loop}; must be called
     * on {@code loop}. The listener hears the outcome, possibly before this method returns.
     */
    public void acquire(EventLoop loop, InetSocketAddress address, UpstreamSettings settings, ConnectListener listener) {
        LoopConnectionPool pool = pools.get();
        UpstreamConnection idle = pool.poll(address);
        if (idle != null) {
            listener.onConnected(idle);
            return;
        }
        UpstreamConnection connection = new UpstreamConnection(pool, address, settings);
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannelClass())
                .option(ChannelOption.AUTO_READ, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("codec", new HttpClientCodec(RESPONSE_DECODER, false, false));
                        ch.pipeline().addLast("connection", connection);
                    }
                });
        ChannelFuture connect = bootstrap.connect(address);
        connect.addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                listener.onConnected(connection);
            } else {
                Throwable cause = f.cause();
                listener.onConnectFailed(cause, cause instanceof ConnectTimeoutException);
            }
        });
    }

    /** Idle connections the calling event loop holds for {@code address}. */
    public int idleConnections(InetSocketAddress address) {
        return pools.get().idleCount(address);
    }
}
