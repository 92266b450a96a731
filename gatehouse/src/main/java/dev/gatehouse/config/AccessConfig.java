package dev.gatehouse.config;

import java.util.List;

/**
 * An IP allow/deny list: CIDR blocks ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or single
 * addresses. Deny wins over allow; with a non-empty allow list, anything not in it is denied.
 *
 * @param allow the blocks admitted (empty: every address not denied)
 * @param deny  the blocks refused
 */
public record AccessConfig(List<String> allow, List<String> deny) {

    public AccessConfig {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }
}
