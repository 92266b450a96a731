package dev.gatehouse.edge;

import dev.gatehouse.exchange.ExchangeObserver;
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
    private final String listener;
    private final ExchangeObserver observer;

    /**
     * @param perClient the listener's per-client connection limit, or null for none
     * @param listener  the listener's name, for the refusal metric
     * @param observer  hears about every refused connection
     */
    PeerAccessHandler(Predicate<InetAddress> allowed, ClientConnectionLimit perClient, ChannelHandler pipeline,
                      String listener, ExchangeObserver observer) {
        this.allowed = allowed;
        this.perClient = perClient;
        this.pipeline = pipeline;
        this.listener = listener;
        this.observer = observer;
    }

    @Override
    protected void initChannel(Channel ch) {
        InetAddress peer = ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        if (!allowed.test(peer)) {
            refuse(ch, "ip-denied");
            return;
        }
        if (perClient != null && peer != null) {
            if (!perClient.tryAcquire(peer)) {
                // Over its share: closed like a denied peer, before anything is read.
                refuse(ch, "per-client-limit");
                return;
            }
            ch.closeFuture().addListener(f -> perClient.release(peer));
        }
        ch.pipeline().addLast(pipeline);
    }

    private void refuse(Channel ch, String reason) {
        ch.close();
        observer.onConnectionRefused(listener, reason);
    }
}
