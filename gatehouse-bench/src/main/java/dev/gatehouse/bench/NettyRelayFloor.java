package dev.gatehouse.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor under any HTTP proxy built on Netty's epoll transport: a plain TCP relay with one
 * event loop that joins each client connection to its own backend connection (round robin over
 * the anchors' four backends, 127.0.0.1:9101-9104) and copies bytes both ways, parsing nothing.
 * Under the anchors' keep-alive load it makes the same system calls per request as the gateway
 * (two reads, two writes), so its requests/second bound what the gateway can reach on one core;
 * BENCHMARKS.md compares the two.
 *
 * <p>Run (after {@code mvn -q -DskipTests package}):
 * {@code taskset -c 0 java -cp gatehouse-bench/target/gatehouse-bench.jar dev.gatehouse.bench.NettyRelayFloor [port]}
 * (default port 8090), then load it as the anchors load the gateway. Stop it with Ctrl-C.
 */
public final class NettyRelayFloor {

    private static final int FIRST_BACKEND_PORT = 9101;
    private static final int BACKENDS = 4;

    private NettyRelayFloor() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        AtomicInteger next = new AtomicInteger();
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        new ServerBootstrap().group(loop).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                        int backend = FIRST_BACKEND_PORT + Math.floorMod(next.getAndIncrement(), BACKENDS);
                        ChannelFuture connect = new Bootstrap().group(client.eventLoop())
                                .channel(EpollSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                                .handler(new Copy(client)).connect("127.0.0.1", backend);
                        connect.addListener((ChannelFuture f) -> {
                            if (!f.isSuccess()) {
                                client.close();
                                return;
                            }
                            client.pipeline().addLast(new Copy(f.channel()));
                            client.config().setAutoRead(true);
                        });
                    }
                })
                .bind("127.0.0.1", port).sync();
        System.out.println("relay on 127.0.0.1:" + port + " to 127.0.0.1:" + FIRST_BACKEND_PORT + "-"
                + (FIRST_BACKEND_PORT + BACKENDS - 1));
        loop.terminationFuture().sync();
    }

    /** Writes what one side reads to the other, one flush per read burst, as the gateway does. */
    private static final class Copy extends ChannelInboundHandlerAdapter {
        private final Channel other;

        Copy(Channel other) {
            this.other = other;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            other.write(msg, other.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            other.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            other.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
