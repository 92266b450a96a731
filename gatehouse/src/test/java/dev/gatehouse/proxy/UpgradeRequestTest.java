package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpgradeRequestTest {

    private static final List<String> WEBSOCKET = List.of("websocket");

    private static HttpRequest request(HttpVersion version, String upgrade, String connection) {
        HttpRequest req = new DefaultHttpRequest(version, HttpMethod.GET, "/ws");
        req.headers().set("Host", "t");
        if (upgrade != null) {
            req.headers().set("Upgrade", upgrade);
        }
        if (connection != null) {
            req.headers().set("Connection", connection);
        }
        return req;
    }

    @Test
    void anAllowedProtocolWithTheUpgradeOptionIsForwardedLowerCased() {
        assertThat(UpgradeRequest.protocolToForward(request(HttpVersion.HTTP_1_1, "WebSocket", "keep-alive, Upgrade"),
                WEBSOCKET)).isEqualTo("websocket");
        assertThat(UpgradeRequest.protocolToForward(request(HttpVersion.HTTP_1_1, "h2c, foo, websocket", "upgrade"),
                WEBSOCKET)).isEqualTo("websocket");
    }

    @Test
    void nothingIsForwardedForH2cOtherProtocolsHttp10MissingOptionOrABody() {
        assertThat(UpgradeRequest.protocolToForward(request(HttpVersion.HTTP_1_1, "h2c", "Upgrade"), List.of("h2c")))
                .isNull();
        assertThat(UpgradeRequest.protocolToForward(request(HttpVersion.HTTP_1_1, "irc", "Upgrade"), WEBSOCKET)).isNull();
        assertThat(UpgradeRequest.protocolToForward(request(HttpVersion.HTTP_1_0, "websocket", "Upgrade"), WEBSOCKET))
                .isNull();
        assertThat(UpgradeRequest.protocolToForward(request(HttpVersion.HTTP_1_1, "websocket", null), WEBSOCKET)).isNull();
        assertThat(UpgradeRequest.protocolToForward(request(HttpVersion.HTTP_1_1, "websocket", "Upgrade"), List.of()))
                .isNull();
        HttpRequest withBody = request(HttpVersion.HTTP_1_1, "websocket", "Upgrade");
        withBody.headers().set("Content-Length", "3");
        assertThat(UpgradeRequest.protocolToForward(withBody, WEBSOCKET)).isNull();
        assertThat(UpgradeRequest.holdsFollowingBytes(withBody)).isFalse();
    }

    @Test
    void aSwitchIsAcceptedOnlyToTheProtocolAskedFor() {
        HttpResponse same = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        same.headers().set("Upgrade", "WebSocket");
        HttpResponse other = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        other.headers().set("Upgrade", "h2c");
        HttpResponse none = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);

        assertThat(UpgradeRequest.accepts(same, "websocket")).isTrue();
        assertThat(UpgradeRequest.accepts(other, "websocket")).isFalse();
        assertThat(UpgradeRequest.accepts(none, "websocket")).isFalse();
    }
}
