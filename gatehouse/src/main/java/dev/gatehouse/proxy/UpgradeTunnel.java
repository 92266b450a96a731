package dev.gatehouse.proxy;

import dev.gatehouse.upstream.UpstreamConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * A client connection and a backend connection joined into one byte tunnel after the backend
 * answered {@code 101 Switching Protocols}: no HTTP handler is left on either side, bytes are
 * relayed both ways as they come, and each side reads only while the other can take more
 * (read-after-write backpressure, as for bodies). When either side closes, the other is closed
 * once what it was sent is flushed. The backend connection is never pooled again; the client
 * side's idle timeout (kept by the edge) covers traffic either way.
 *
 * <p>Both channels are on one event loop (the backend connection was opened on the client's).
 */
final class UpgradeTunnel {

    private UpgradeTunnel() {
    }

    /**
     * Sends {@code switching} to the client, then turns both connections into the tunnel. The
     * order matters: an HTTP encoder refuses raw bytes, so nothing is relayed into a connection
     * before its codec is gone; the client's codec leaves only after the 101 went through it.
     *
     * @param proxyCtx the client's {@link ProxyHandler} context (that handler stays, for the
     *                 connection's bookkeeping, but sees no more reads)
     * @param activity the edge of the client connection, which holds what the client sent after
     *                 the request head
     */
    static void open(ChannelHandlerContext proxyCtx, ClientActivity activity, FullHttpResponse switching,
                     UpstreamConnection upstream) {
        Channel client = proxyCtx.channel();
        Channel backend = upstream.channel();
        proxyCtx.write(switching, proxyCtx.voidPromise());
        ByteBuf early = activity.upgraded();
        if (early == null) {
            // The client's following bytes were read as HTTP already: they cannot be the tunnel's.
            upstream.release(false);
            proxyCtx.flush();
            proxyCtx.close();
            return;
        }
        client.pipeline().addBefore(proxyCtx.name(), "tunnel", new Relay(backend, null));
        // The connection's handler gives way first, so that what the backend sent after its 101
        // reaches the relay (and the client) when the parser leaves and hands its buffer on.
        upstream.pauseReading();
        backend.pipeline().replace(upstream, "tunnel", new Relay(client, activity));
        UpstreamConnection.removeResponseParser(backend);
        if (early.isReadable()) {
            backend.write(early, backend.voidPromise());
        } else {
            early.release();
        }
        backend.flush();
        client.flush();
        client.config().setAutoRead(true);
        backend.config().setAutoRead(true);
    }

    /** One direction of the tunnel: what its channel reads goes to {@code peer}. */
    private static final class Relay extends ChannelInboundHandlerAdapter {

        private final Channel peer;
        // Set on the backend side only: traffic from the backend keeps the client's idle timeout off.
        private final ClientActivity activity;

        Relay(Channel peer, ClientActivity activity) {
            this.peer = peer;
            this.activity = activity;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf buf)) {
                // The end of the 101 that the backend's decoder still had to deliver.
                ReferenceCountUtil.release(msg);
                return;
            }
            if (activity != null) {
                activity.tunnelActive();
            }
            peer.write(buf, peer.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            peer.flush();
            if (!peer.isWritable()) {
                // Read-after-write: take no more from this side than the other drains.
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                peer.config().setAutoRead(true);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (peer.isActive()) {
                if (peer.isWritable()) {
                    // What was relayed before the close still goes out, then the other side ends too.
                    peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                } else {
                    // It is not draining: waiting for it could hold the connection for good.
                    peer.close();
                }
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
