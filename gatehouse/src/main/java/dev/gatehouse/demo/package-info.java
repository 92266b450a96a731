/**
 * Demo backends and the demo configuration: small HTTP/1.1 servers on Netty that name
 * themselves in every answer ({@code X-Backend}), so a gateway in front of them can be seen
 * balancing, streaming and failing.
 *
 * <p>{@link dev.gatehouse.demo.DemoBackend} is one such server; {@link dev.gatehouse.demo.DemoConfig}
 * builds the gateway configuration that puts backends A to D behind one listener.
 */
package dev.gatehouse.demo;
