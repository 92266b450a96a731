package dev.gatehouse.edge.http1;

import dev.gatehouse.proxy.ClientActivity;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * The edge's side of {@link ClientActivity} for one HTTP/1.1 client connection: passes request
 * progress on to its {@link ClientTimeoutHandler}, and the outcome of a request asking to switch
 * protocols to its {@link RequestHeadGrammarHandler} (which holds the bytes after that request's
 * head), taking the HTTP handlers out of the pipeline when the connection becomes a tunnel.
 */
final class Http1EdgeActivity implements ClientActivity {

    private final ChannelPipeline pipeline;
    private final ClientTimeoutHandler timeouts;
    private final RequestHeadGrammarHandler grammar;

    Http1EdgeActivity(ChannelPipeline pipeline, ClientTimeoutHandler timeouts, RequestHeadGrammarHandler grammar) {
        this.pipeline = pipeline;
        this.timeouts = timeouts;
        this.grammar = grammar;
    }

    @Override
    public void requestReceived() {
        timeouts.requestReceived();
    }

    @Override
    public void requestBodyReceived() {
        timeouts.requestBodyReceived();
    }

    @Override
    public void connectionIdle(long nowNanos) {
        timeouts.connectionIdle(nowNanos);
    }

    @Override
    public void readingResumed() {
        timeouts.readingResumed();
    }

    @Override
    public void upgradeDeclined() {
        if (grammar.resumeParsing()) {
            timeouts.heldBytesReleased();
        }
    }

    @Override
    public ByteBuf upgraded() {
        ByteBuf early = grammar.takeHeld();
        if (early == null) {
            return null;
        }
        // The framing check and the codec leave; the timeouts handler stays for the tunnel's idle timeout.
        pipeline.remove(grammar);
        pipeline.remove(HttpRequestDecoder.class);
        pipeline.remove(GatewayResponseEncoder.class);
        timeouts.tunnelOpened();
        return early;
    }

    @Override
    public void tunnelActive() {
        timeouts.tunnelActive();
    }
}
