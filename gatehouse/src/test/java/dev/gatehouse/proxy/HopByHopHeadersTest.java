package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class HopByHopHeadersTest {

    @Test
    void removesTheFixedHopByHopSet() {
        HttpHeaders h = new DefaultHttpHeaders()
                .add("Connection", "keep-alive")
                .add("Keep-Alive", "timeout=5")
                .add("Proxy-Connection", "keep-alive")
                .add("TE", "trailers")
                .add("Trailer", "X-Checksum")
                .add("Transfer-Encoding", "chunked")
                .add("Upgrade", "websocket")
                .add("Proxy-Authenticate", "Basic")
                .add("Proxy-Authorization", "Basic dXNlcjpwYXNz")
                .add("Host", "api.example.com")
                .add("Content-Type", "text/plain");

        HopByHopHeaders.strip(h);

        assertThat(h.names()).containsExactlyInAnyOrder("Host", "Content-Type");
    }

    @Test
    void removesEveryHeaderTheConnectionHeaderNames() {
        HttpHeaders h = new DefaultHttpHeaders()
                .add("Connection", "X-Secret ,\tX-Trace-Hop,close")
                .add("Connection", "X-Other")
                .add("X-Secret", "1")
                .add("x-trace-hop", "2")
                .add("X-OTHER", "3")
                .add("X-Kept", "4");

        HopByHopHeaders.strip(h);

        assertThat(h.names()).containsExactly("X-Kept");
    }

    @Test
    void toleratesEmptyAndBlankConnectionTokens() {
        HttpHeaders h = new DefaultHttpHeaders()
                .add("Connection", ", ,,X-A,")
                .add("Connection", "")
                .add("X-A", "1")
                .add("X-B", "2");

        HopByHopHeaders.strip(h);

        assertThat(h.names()).containsExactly("X-B");
    }

    @Test
    void leavesHeadersWithoutConnectionAlone() {
        HttpHeaders h = new DefaultHttpHeaders()
                .add("Host", "h")
                .add("Content-Length", "5")
                .add("Accept", "*/*")
                .add("Accept", "text/html");

        HopByHopHeaders.strip(h);

        assertThat(h.names()).containsExactlyInAnyOrder("Host", "Content-Length", "Accept");
        assertThat(h.getAll("Accept")).containsExactly("*/*", "text/html");
        assertThat(h.get("Content-Length")).isEqualTo("5");
    }

    /**
     * A client that lists {@code Content-Length} as a connection option must not have it removed
     * after the edge decoder used it to frame the body: the head would go upstream without a
     * length, the backend would read a body-less request and take the body for the next request on
     * that pooled connection (request smuggling). The same holds for a response's length.
     * Message framing (and {@code Host}) survives {@code Connection}.
     */
    @Test
    void aConnectionOptionNeverRemovesTheMessageFraming() {
        HttpHeaders h = new DefaultHttpHeaders()
                .add("Host", "api.example.com")
                .add("Content-Length", "40")
                .add("Connection", "Content-Length, X-A")
                .add("X-A", "1");

        HopByHopHeaders.strip(h);

        assertThat(h.get("Content-Length")).isEqualTo("40");
        assertThat(h.contains("X-A")).isFalse();
    }

    /**
     * {@code Connection: host} must not make the gateway forward an HTTP/1.1 request with no
     * {@code Host}, which RFC 9112 §3.2 forbids a client (here: the gateway) to send.
     */
    @Test
    void aConnectionOptionNeverRemovesHost() {
        HttpHeaders h = new DefaultHttpHeaders()
                .add("Host", "api.example.com")
                .add("Connection", "host");

        HopByHopHeaders.strip(h);

        assertThat(h.get("Host")).isEqualTo("api.example.com");
    }
}
