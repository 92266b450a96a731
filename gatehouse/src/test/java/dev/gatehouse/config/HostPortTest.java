package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @Test
    void parsesNameAndPort() {
        assertThat(HostPort.parse("127.0.0.1:8080")).isEqualTo(new HostPort("127.0.0.1", 8080));
        assertThat(HostPort.parse("api.example.com:443")).isEqualTo(new HostPort("api.example.com", 443));
        assertThat(HostPort.parse("0.0.0.0:0")).isEqualTo(new HostPort("0.0.0.0", 0));
        assertThat(HostPort.parse("h:65535")).isEqualTo(new HostPort("h", 65535));
    }

    @Test
    void parsesBracketedIpv6() {
        assertThat(HostPort.parse("[::1]:8080")).isEqualTo(new HostPort("::1", 8080));
        assertThat(HostPort.parse("[2001:db8::1]:443")).isEqualTo(new HostPort("2001:db8::1", 443));
    }

    @Test
    void toStringWritesItBackAsParsed() {
        assertThat(HostPort.parse("127.0.0.1:8080")).hasToString("127.0.0.1:8080");
        assertThat(HostPort.parse("[::1]:8080")).hasToString("[::1]:8080");
    }

    @Test
    void toUnresolvedDoesNotLookUpTheName() {
        InetSocketAddress address = HostPort.parse("backend.invalid:9000").toUnresolved();

        assertThat(address.isUnresolved()).isTrue();
        assertThat(address.getHostString()).isEqualTo("backend.invalid");
        assertThat(address.getPort()).isEqualTo(9000);
    }

    @Test
    void nullIsAMissingAddress() {
        assertThatThrownBy(() -> HostPort.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("missing address (expected: host:port, e.g. 127.0.0.1:8080)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", ":8080", "", "::1:8080", "a:b:c"})
    void textWithoutExactlyOneHostPortSeparatorIsRefused(String text) {
        assertThatThrownBy(() -> HostPort.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"" + text + "\" is not an address (expected: host:port, e.g. 127.0.0.1:8080)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::1]", "[::1]8080", "[::1"})
    void badBracketedAddressIsRefused(String text) {
        assertThatThrownBy(() -> HostPort.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"" + text + "\" is not an address (expected: [::1]:8080)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"host:", "[::1]:", "host:http", "host:80a", "host:99999999999"})
    void nonNumericPortIsRefused(String text) {
        assertThatThrownBy(() -> HostPort.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"" + text + "\" has no valid port (expected: host:port with port 0..65535)");
    }

    @Test
    void portOutOfRangeIsRefused() {
        assertThatThrownBy(() -> HostPort.parse("host:65536"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"host:65536\" has port 65536 (expected: 0..65535)");
        assertThatThrownBy(() -> HostPort.parse("host:-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"host:-1\" has port -1 (expected: 0..65535)");
    }

    @Test
    void constructorChecksItsArguments() {
        assertThatThrownBy(() -> new HostPort("", 80))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host: empty (expected: a name or an IP address)");
        assertThatThrownBy(() -> new HostPort(null, 80))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host: empty (expected: a name or an IP address)");
        assertThatThrownBy(() -> new HostPort("h", 70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port: 70000 (expected: 0..65535)");
    }
}
