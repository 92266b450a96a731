package dev.gatehouse.security;

import dev.gatehouse.config.AccessConfig;
import java.net.InetAddress;
import java.util.function.Predicate;

/**
 * An IP allow/deny decision compiled from an {@link AccessConfig}: deny wins over allow, and
 * with an allow list, an address not in it is denied.
 */
public final class IpAccess implements Predicate<InetAddress> {

    private final CidrSet allow;
    private final CidrSet deny;

    private IpAccess(CidrSet allow, CidrSet deny) {
        this.allow = allow;
        this.deny = deny;
    }

    /** The compiled list; the config must have been validated. */
    public static IpAccess compile(AccessConfig config) {
        return new IpAccess(CidrSet.of(config.allow()), CidrSet.of(config.deny()));
    }

    /** Whether {@code address} may pass; an unknown address (null) passes only without an allow list. */
    @Override
    public boolean test(InetAddress address) {
        if (address == null) {
            return allow.isEmpty();
        }
        return !deny.contains(address) && (allow.isEmpty() || allow.contains(address));
    }
}
