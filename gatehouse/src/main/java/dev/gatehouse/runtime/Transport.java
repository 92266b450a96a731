package dev.gatehouse.runtime;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.function.Supplier;

/**
 * The network transport the process uses: native epoll when Linux offers it, NIO otherwise.
 * Server and client channels must come from the same transport because upstream connections
 * are opened on the inbound channel's own event loop.
 */
public record Transport(
        String name,
        Supplier<IoHandlerFactory> ioHandlerFactory,
        Class<? extends ServerSocketChannel> serverChannelClass,
        Class<? extends SocketChannel> socketChannelClass) {

    /** Native epoll if available, else NIO. */
    public static Transport best() {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler::newFactory,
                    EpollServerSocketChannel.class, EpollSocketChannel.class);
        }
        return nio();
    }

    /** The portable NIO transport. */
    public static Transport nio() {
        return new Transport("nio", NioIoHandler::newFactory,
                NioServerSocketChannel.class, NioSocketChannel.class);
    }

    /**
     * A group of {@code threads} event loops (0 = one per available processor) whose threads are
     * named {@code prefix-N} and are daemons only if {@code daemon}.
     */
    public EventLoopGroup newGroup(int threads, String prefix, boolean daemon) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        return new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory(prefix, daemon), ioHandlerFactory.get());
    }
}
