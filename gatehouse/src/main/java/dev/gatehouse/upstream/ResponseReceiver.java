package dev.gatehouse.upstream;

import io.netty.buffer.ByteBuf;

/**
 * The party an in-use upstream connection reports to: the exchange whose request it carries.
 * All calls arrive on the connection's event loop, which is also the exchange's.
 */
public interface ResponseReceiver {

    /**
     * A response head (an interim one, 1xx, may come before the final one); the receiver owns
     * (and must release) it.
     */
    void onResponseHead(ResponseHead head);

    /** A piece of the response body, de-chunked; the receiver owns (and must release) it. */
    void onResponseBody(ByteBuf piece);

    /** The response is complete. */
    void onResponseEnd();

    /** The end of one read burst: a good moment to flush and decide whether to read more. */
    void onResponseReadComplete();

    /** The connection can take more request bytes again. */
    void onUpstreamWritable();

    /** The connection closed or failed before the receiver released it. */
    void onUpstreamLost(Throwable cause);

    /** No response byte arrived within the response timeout. The connection is being closed. */
    void onResponseTimeout();
}
