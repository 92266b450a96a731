/**
 * The proxy: one exchange per request, streaming both ways with backpressure between the client
 * connection and a pooled upstream connection on the same event loop.
 */
package dev.gatehouse.proxy;
