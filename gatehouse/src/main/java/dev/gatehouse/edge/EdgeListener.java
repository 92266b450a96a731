package dev.gatehouse.edge;

import dev.gatehouse.config.ListenerConfig;
import dev.gatehouse.edge.http1.Http1ChannelInitializer;
import dev.gatehouse.proxy.ListenerContext;
import dev.gatehouse.runtime.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;

/**
 * One bound public listener: accepts client connections and gives each the HTTP/1.1 pipeline.
 */
public final class EdgeListener {

    /** Per-connection write buffer bounds: past the high mark we stop reading the other side. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

    private final ListenerConfig config;
    private final Channel serverChannel;

    private EdgeListener(ListenerConfig config, Channel serverChannel) {
        this.config = config;
        this.serverChannel = serverChannel;
    }

    /**
     * Binds {@code config.address()} on {@code group}; blocks until bound (called at startup,
     * never on an event loop).
     */
    public static EdgeListener bind(ListenerConfig config, ListenerContext context, EventLoopGroup group,
                                    Transport transport) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                // The accept-time IP check runs before the HTTP/1.1 pipeline exists.
                .childHandler(new PeerAccessHandler(context.peerAllowed(), perClient(config),
                        new Http1ChannelInitializer(config.limits(), context), config.name(), context.observer()));
        InetSocketAddress address = new InetSocketAddress(config.address().host(), config.address().port());
        Channel channel = bootstrap.bind(address).sync().channel();
        return new EdgeListener(config, channel);
    }

    private static ClientConnectionLimit perClient(ListenerConfig config) {
        int max = config.limits().maxConnectionsPerClient();
        return max > 0 ? new ClientConnectionLimit(max) : null;
    }

    public String name() {
        return config.name();
    }

    /** The address actually bound (with the real port when the config said 0). */
    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting new connections; connections already accepted carry on. */
    public void stopAccepting() {
        serverChannel.close().syncUninterruptibly();
    }
}
