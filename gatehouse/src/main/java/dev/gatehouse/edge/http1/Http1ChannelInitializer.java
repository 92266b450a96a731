package dev.gatehouse.edge.http1;

import dev.gatehouse.config.ListenerLimitsConfig;
import dev.gatehouse.proxy.ListenerContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Builds the pipeline of one HTTP/1.1 client connection, one method per concern: timeouts,
 * strict framing with size limits, then the proxy.
 */
public final class Http1ChannelInitializer extends ChannelInitializer<Channel> {

    /** Body pieces handed to the proxy at most this large: big enough for few objects per MiB. */
    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final ListenerLimitsConfig limits;
    private final ListenerContext listener;
    private final HttpDecoderConfig decoderConfig;

    public Http1ChannelInitializer(ListenerLimitsConfig limits, ListenerContext listener) {
        this.limits = limits;
        this.listener = listener;
        this.decoderConfig = strictDecoder(limits);
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        ClientTimeoutHandler timeouts = addTimeouts(p);
        RequestHeadGrammarHandler grammar = addFraming(p);
        p.addLast("proxy", new dev.gatehouse.proxy.ProxyHandler(listener, new Http1EdgeActivity(p, timeouts, grammar)));
    }

    private ClientTimeoutHandler addTimeouts(ChannelPipeline p) {
        ClientTimeoutHandler timeouts = new ClientTimeoutHandler(
                limits.headerTimeout().toNanos(), limits.idleTimeout().toNanos(), limits.bodyTimeout().toNanos(),
                limits.minBodyRate(), limits.minBodyRateWindow().toNanos());
        p.addLast("timeouts", timeouts);
        return timeouts;
    }

    private RequestHeadGrammarHandler addFraming(ChannelPipeline p) {
        RequestHeadGrammarHandler grammar = new RequestHeadGrammarHandler(limits.maxHeaders());
        p.addLast("grammar", grammar);
        p.addLast("decoder", new HttpRequestDecoder(decoderConfig));
        p.addLast("encoder", new GatewayResponseEncoder());
        return grammar;
    }

    /**
     * The decoder refuses what RFC 9112 lets a recipient refuse: duplicate Content-Length,
     * Content-Length with Transfer-Encoding, bare LF line ends, over-long lines and headers.
     * Its headers do not validate names and values again: {@link RequestHeadScanner} has checked
     * every byte of them against the field grammar before the decoder sees them, and what the
     * gateway adds itself is built valid (addresses, ids, sanitised claims).
     */
    static HttpDecoderConfig strictDecoder(ListenerLimitsConfig limits) {
        return new HttpDecoderConfig()
                .setHeadersFactory(DefaultHttpHeadersFactory.headersFactory().withValidation(false))
                .setTrailersFactory(DefaultHttpHeadersFactory.trailersFactory().withValidation(false))
                .setMaxInitialLineLength(limits.maxRequestLine().toIntBytes())
                .setMaxHeaderSize(limits.maxHeaderSize().toIntBytes())
                .setMaxChunkSize(MAX_CHUNK_SIZE)
                .setAllowDuplicateContentLengths(false)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true)
                .setAllowPartialChunks(true);
    }
}
