package dev.gatehouse.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Predicate;

/**
 * The listener's IP allow/deny list and per-client connection limit, checked when a connection
 * is accepted: a peer it refuses is closed at once, before its channel is active, so not one of its bytes is read (and it never
 * counts as an open client connection); any other gets the listener's pipeline.
 */
@ChannelHandler.Sharable
final class PeerAccessHandler extends ChannelInitializer<Channel> {

    private final Predicate<InetAddress> allowed;
    private final ClientConnectionLimit perClient;
    private final ChannelHandler pipeline;

    /** @param perClient the listener's per-client connection limit, or null for none */
    PeerAccessHandler(Predicate<InetAddress> allowed, ClientConnectionLimit perClient, ChannelHandler pipeline) {
        this.allowed = allowed;
        this.perClient = perClient;
        this.pipeline = pipeline;
    }

    @Override
    protected void initChannel(Channel ch) {
        InetAddress peer = ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        if (!allowed.test(peer)) {
            ch.close();
            return;
        }
        if (perClient != null && peer != null) {
            if (!perClient.tryAcquire(peer)) {
                // Over its share: closed like a denied peer, before anything is read.
                ch.close();
                return;
            }
            ch.closeFuture().addListener(f -> perClient.release(peer));
        }
        ch.pipeline().addLast(pipeline);
    }
}
