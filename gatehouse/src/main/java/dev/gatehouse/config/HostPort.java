package dev.gatehouse.config;

import java.net.InetSocketAddress;

/**
 * A host (name or IP literal) and a port, as written {@code host:port} in the config.
 * Port 0 asks the system for a free port (tests use it).
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host: empty (expected: a name or an IP address)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
    }

    /** Parses {@code host:port} or {@code [v6]:port}; throws IllegalArgumentException with the reason. */
    public static HostPort parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing address (expected: host:port, e.g. 127.0.0.1:8080)");
        }
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("\"" + text + "\" is not an address (expected: [::1]:8080)");
            }
            host = text.substring(1, close);
            portText = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                throw new IllegalArgumentException("\"" + text + "\" is not an address (expected: host:port, e.g. 127.0.0.1:8080)");
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" has no valid port (expected: host:port with port 0..65535)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("\"" + text + "\" has port " + port + " (expected: 0..65535)");
        }
        return new HostPort(host, port);
    }

    /** An unresolved socket address; resolution happens once, when the runtime is compiled. */
    public InetSocketAddress toUnresolved() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
