package dev.gatehouse.edge.http1;

import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Encodes the responses the gateway writes itself (errors, filter rejections, 100 Continue, 101)
 * on a client connection. Responses forwarded from a backend are bytes already
 * ({@code ResponseHeadWriter} and the body as read) and pass through untouched.
 */
final class GatewayResponseEncoder extends HttpResponseEncoder {

    @Override
    public boolean acceptOutboundMessage(Object msg) throws Exception {
        return msg instanceof HttpObject && super.acceptOutboundMessage(msg);
    }
}
