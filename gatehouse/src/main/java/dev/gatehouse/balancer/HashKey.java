package dev.gatehouse.balancer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The request attribute a hashing strategy or an affinity keys on, compiled once from its
 * config spelling: {@code client-ip}, {@code path}, {@code header:Name}, {@code cookie:name} or
 * {@code query:name}.
 */
public final class HashKey {

    /** The client's IP address, the key of {@code ip-hash} and the default of the others. */
    public static final HashKey CLIENT_IP = new HashKey(Kind.CLIENT_IP, null, "client-ip");

    private enum Kind { CLIENT_IP, PATH, HEADER, COOKIE, QUERY }

    private final Kind kind;
    private final String name;
    private final String spec;

    private HashKey(Kind kind, String name, String spec) {
        this.kind = kind;
        this.name = name;
        this.spec = spec;
    }

    /** Compiles a spec the config validator accepted. */
    public static HashKey parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.equals("client-ip")) {
            return CLIENT_IP;
        }
        if (spec.equals("path")) {
            return new HashKey(Kind.PATH, null, spec);
        }
        int colon = spec.indexOf(':');
        String name = colon < 0 ? "" : spec.substring(colon + 1);
        if (!name.isEmpty()) {
            switch (spec.substring(0, colon)) {
                case "header":
                    return new HashKey(Kind.HEADER, name, spec);
                case "cookie":
                    return new HashKey(Kind.COOKIE, name, spec);
                case "query":
                    return new HashKey(Kind.QUERY, name, spec);
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("hash key: \"" + spec
                + "\" (expected: client-ip, path, header:Name, cookie:name or query:name)");
    }

    /**
     * The key of this request, or null when it has none (no such header, an empty value, no
     * client address).
     */
    public String value(PickContext context) {
        String value = switch (kind) {
            case CLIENT_IP -> clientIp(context.clientAddress());
            case PATH -> context.keys().path();
            case HEADER -> context.keys().header(name);
            case COOKIE -> context.keys().cookie(name);
            case QUERY -> context.keys().query(name);
        };
        return value == null || value.isEmpty() ? null : value;
    }

    private static String clientIp(InetSocketAddress client) {
        if (client == null) {
            return null;
        }
        InetAddress ip = client.getAddress();
        // The IP only, never the port: a client's connections come from changing ports.
        return ip != null ? ip.getHostAddress() : client.getHostString();
    }

    /** The config spelling, e.g. {@code header:X-User-Id}. */
    @Override
    public String toString() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HashKey other && spec.equals(other.spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }
}
