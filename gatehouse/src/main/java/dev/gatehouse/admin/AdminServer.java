package dev.gatehouse.admin;

import dev.gatehouse.config.HostPort;
import dev.gatehouse.runtime.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The admin listener: a small HTTP/1.1 server on one event loop of its own, so that a busy or
 * stuck public side never delays an operator (and the other way round). Requests are small and
 * read whole (at most {@value #MAX_REQUEST_BYTES} bytes); see {@link AdminHandler} for the API.
 */
public final class AdminServer implements AutoCloseable {

    static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final int IDLE_SECONDS = 120;

    private final EventLoopGroup group;
    private final Channel channel;

    private AdminServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Binds {@code address}; blocks until bound (at startup, never on an event loop).
     *
     * @throws Exception when the address cannot be bound (in use, not local)
     */
    public static AdminServer bind(HostPort address, AdminContext context, Transport transport) throws Exception {
        EventLoopGroup group = transport.newGroup(1, "gatehouse-admin", true);
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannelClass())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline()
                                    .addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                                    .addLast("http", new HttpServerCodec())
                                    .addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                    .addLast("admin", new AdminHandler(context));
                        }
                    });
            Channel channel = bootstrap.bind(new InetSocketAddress(address.host(), address.port())).sync().channel();
            return new AdminServer(group, channel);
        } catch (Exception | Error e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The address actually bound (with the real port when the config said 0). */
    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops listening and closes every admin connection. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
