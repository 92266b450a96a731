/**
 * Test support shared by all tests: {@link dev.gatehouse.testing.LeakCheckExtension} fails a test
 * class on any Netty buffer leak.
 *
 * <p>For integration tests over real sockets: {@link dev.gatehouse.testing.GatewayFixture} starts
 * a gateway on {@code 127.0.0.1:0} from a few builder calls; {@link dev.gatehouse.testing.RawHttpClient}
 * speaks HTTP/1.x byte by byte with bounded reads; {@link dev.gatehouse.testing.RecordingBackend}
 * records every byte and connection it receives and answers as a test scripts it;
 * {@link dev.gatehouse.testing.GatewayProcess} runs a gateway ({@link dev.gatehouse.testing.StandaloneGateway})
 * in a JVM of its own, e.g. to cap its memory.
 */
package dev.gatehouse.testing;
