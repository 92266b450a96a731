package dev.gatehouse.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidrSetTest {

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void ipv4BlocksMatchTheirWholeRangeOnly() throws Exception {
        CidrSet set = CidrSet.of(List.of("10.0.0.0/8", "192.168.1.7", "172.16.0.0/12"));

        assertThat(set.contains(ip("10.0.0.0"))).isTrue();
        assertThat(set.contains(ip("10.255.255.255"))).isTrue();
        assertThat(set.contains(ip("11.0.0.0"))).isFalse();
        assertThat(set.contains(ip("9.255.255.255"))).isFalse();
        assertThat(set.contains(ip("192.168.1.7"))).isTrue();
        assertThat(set.contains(ip("192.168.1.8"))).isFalse();
        assertThat(set.contains(ip("172.31.255.255"))).isTrue();
        assertThat(set.contains(ip("172.32.0.0"))).isFalse();
        assertThat(set.contains(ip("255.255.255.255"))).isFalse();
        assertThat(set.contains(ip("::1"))).isFalse();
        assertThat(set.contains(null)).isFalse();
    }

    @Test
    void ipv6BlocksMatchTheirWholeRangeOnly() throws Exception {
        CidrSet set = CidrSet.of(List.of("2001:db8::/32", "::1", "fe80::/10", "2001:db8:ffff::/48"));

        assertThat(set.contains(ip("2001:db8::"))).isTrue();
        assertThat(set.contains(ip("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"))).isTrue();
        assertThat(set.contains(ip("2001:db9::"))).isFalse();
        assertThat(set.contains(ip("::1"))).isTrue();
        assertThat(set.contains(ip("::2"))).isFalse();
        assertThat(set.contains(ip("febf:ffff::1"))).isTrue();
        assertThat(set.contains(ip("fec0::"))).isFalse();
        assertThat(set.contains(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void zeroPrefixMatchesEveryAddressOfItsFamily_andMappedAddressesMatchAsIpv4() throws Exception {
        CidrSet v4 = CidrSet.of(List.of("0.0.0.0/0"));
        assertThat(v4.contains(ip("1.2.3.4"))).isTrue();
        assertThat(v4.contains(ip("255.255.255.255"))).isTrue();
        assertThat(v4.contains(ip("::1"))).isFalse();

        CidrSet v6 = CidrSet.of(List.of("::/0"));
        assertThat(v6.contains(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))).isTrue();

        CidrSet mapped = CidrSet.of(List.of("::ffff:10.0.0.0/104"));
        assertThat(mapped.contains(ip("10.1.2.3"))).isTrue();
        assertThat(mapped.contains(ip("11.1.2.3"))).isFalse();
        assertThat(CidrSet.of(List.of("::ffff:10.0.0.1")).contains(ip("10.0.0.1"))).isTrue();
    }

    @Test
    void overlappingAndAdjacentBlocksMerge() throws Exception {
        CidrSet set = CidrSet.of(List.of("10.0.0.0/24", "10.0.1.0/24", "10.0.0.128/25", "10.0.3.0/24"));

        assertThat(set.contains(ip("10.0.1.255"))).isTrue();
        assertThat(set.contains(ip("10.0.2.0"))).isFalse();
        assertThat(set.contains(ip("10.0.3.1"))).isTrue();
        assertThat(CidrSet.EMPTY.contains(ip("10.0.0.1"))).isFalse();
        assertThat(CidrSet.of(List.of()).isEmpty()).isTrue();
    }

    @Test
    void badBlocksAreRefusedWithWhatToWrite_neverResolvedThroughDns() {
        assertThatThrownBy(() -> CidrSet.of(List.of("example.com")))
                .hasMessageContaining("\"example.com\" is not an IP address or CIDR block")
                .hasMessageContaining("expected:");
        assertThatThrownBy(() -> CidrSet.of(List.of("10.0.0.0/33"))).hasMessageContaining("/0 to /32");
        assertThatThrownBy(() -> CidrSet.of(List.of("::/129"))).hasMessageContaining("/0 to /128");
        assertThatThrownBy(() -> CidrSet.of(List.of("10.0.0.0/x"))).hasMessageContaining("bad prefix length");
        assertThatThrownBy(() -> CidrSet.of(List.of("10.0.0"))).hasMessageContaining("is not an IP address");
    }

    @Test
    void ipAccessDenyWinsAndAnAllowListExcludesTheRest() throws Exception {
        IpAccess access = IpAccess.compile(new dev.gatehouse.config.AccessConfig(List.of("10.0.0.0/8"), List.of("10.0.0.7")));

        assertThat(access.test(ip("10.1.1.1"))).isTrue();
        assertThat(access.test(ip("10.0.0.7"))).isFalse();
        assertThat(access.test(ip("11.0.0.1"))).isFalse();

        IpAccess denyOnly = IpAccess.compile(new dev.gatehouse.config.AccessConfig(List.of(), List.of("10.0.0.7")));
        assertThat(denyOnly.test(ip("11.0.0.1"))).isTrue();
        assertThat(denyOnly.test(ip("10.0.0.7"))).isFalse();
    }
}
