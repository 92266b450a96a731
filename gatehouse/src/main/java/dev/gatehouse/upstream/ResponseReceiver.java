package dev.gatehouse.upstream;

import io.netty.handler.codec.http.HttpObject;

/**
 * The party an in-use upstream connection reports to: the exchange whose request it carries.
 * All calls arrive on the connection's event loop, which is also the exchange's.
 */
public interface ResponseReceiver {

    /** A decoded piece of the response; the receiver owns (and must release) it. */
    void onResponse(HttpObject message);

    /** The end of one read burst: a good moment to flush and decide whether to read more. */
    void onResponseReadComplete();

    /** The connection can take more request bytes again. */
    void onUpstreamWritable();

    /** The connection closed or failed before the receiver released it. */
    void onUpstreamLost(Throwable cause);

    /** No response byte arrived within the response timeout. The connection is being closed. */
    void onResponseTimeout();
}
