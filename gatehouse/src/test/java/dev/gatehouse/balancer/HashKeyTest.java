package dev.gatehouse.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.balancer.TestPools.Keys;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashKeyTest {

    private final Keys keys = new Keys(Map.of("x-user-id", "u1"), Map.of("session", "s1"), Map.of("user", "q1"), "/cart");
    private final PickContext request = new PickContext(new InetSocketAddress("192.0.2.7", 51234), keys);

    @Test
    void eachFormReadsItsAttribute() {
        assertThat(HashKey.parse("client-ip").value(request)).isEqualTo("192.0.2.7");
        assertThat(HashKey.parse("path").value(request)).isEqualTo("/cart");
        assertThat(HashKey.parse("header:X-User-Id").value(request)).isEqualTo("u1");
        assertThat(HashKey.parse("cookie:session").value(request)).isEqualTo("s1");
        assertThat(HashKey.parse("query:user").value(request)).isEqualTo("q1");
    }

    @Test
    void aMissingOrEmptyAttributeIsNoKey() {
        PickContext bare = new PickContext(null, new Keys(Map.of("x-user-id", ""), Map.of(), Map.of(), null));

        assertThat(HashKey.parse("header:X-User-Id").value(bare)).isNull();
        assertThat(HashKey.parse("cookie:session").value(bare)).isNull();
        assertThat(HashKey.CLIENT_IP.value(bare)).isNull();
        assertThat(HashKey.parse("query:user").value(new PickContext(null, null))).isNull();
    }

    @Test
    void keepsItsSpellingAndRefusesOthers() {
        assertThat(HashKey.parse("header:X-User-Id")).hasToString("header:X-User-Id").isEqualTo(HashKey.parse("header:X-User-Id"));
        assertThat(HashKey.parse("client-ip")).isSameAs(HashKey.CLIENT_IP);
        assertThatThrownBy(() -> HashKey.parse("header:")).hasMessageContaining("\"header:\"");
        assertThatThrownBy(() -> HashKey.parse("ip")).hasMessageContaining("expected: client-ip, path");
    }
}
