package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The client behind trusted proxies: the right-most untrusted X-Forwarded-For hop. */
class TrustedForwardedForTest {

    private static final Predicate<InetAddress> TRUSTED = a -> a.getHostAddress().startsWith("10.");

    private static String client(String... xff) throws Exception {
        HttpHeaders h = new DefaultHttpHeaders();
        for (String v : xff) {
            h.add("X-Forwarded-For", v);
        }
        return ForwardedHeaders.clientBehindProxies(h, InetAddress.getByName("10.9.9.9"), TRUSTED).getHostAddress();
    }

    @Test
    void rightMostUntrustedHopIsTheClient() throws Exception {
        assertThat(client("1.1.1.1, 2.2.2.2, 10.0.0.1")).isEqualTo("2.2.2.2");
        assertThat(client("1.1.1.1", "2.2.2.2, 10.0.0.1", "10.0.0.2")).isEqualTo("2.2.2.2");
        assertThat(client("2001:db8::1")).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(client("[2001:db8::1]:443, 3.3.3.3:8080")).isEqualTo("3.3.3.3");
    }

    @Test
    void noHeaderMeansThePeer_everyHopTrustedMeansTheLeftMost_garbageStopsAtTheLastTrustedHop() throws Exception {
        assertThat(client()).isEqualTo("10.9.9.9");
        assertThat(client("10.0.0.1, 10.0.0.2")).isEqualTo("10.0.0.1");
        assertThat(client("1.1.1.1, evil.example, 10.0.0.5")).isEqualTo("10.0.0.5");
        assertThat(client("unknown")).isEqualTo("10.9.9.9");
        assertThat(client(", 4.4.4.4 ,")).isEqualTo("4.4.4.4");
    }
}
