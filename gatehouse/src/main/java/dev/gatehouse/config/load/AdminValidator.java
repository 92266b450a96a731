package dev.gatehouse.config.load;

import dev.gatehouse.config.AdminConfig;
import dev.gatehouse.config.HostPort;
import java.time.Duration;
import java.util.List;

/**
 * Checks the {@code admin} map and builds its {@link AdminConfig}: the admin listener's address,
 * its optional bearer token, the access log and metrics switches and the stop deadline.
 */
final class AdminValidator {

    private static final List<String> KEYS = List.of("address", "token", "access-log", "metrics", "shutdown-timeout");
    private static final String ADMIN = "a map with address and optional token, access-log, metrics, shutdown-timeout,"
            + " e.g. { address: 127.0.0.1:9901 }";
    static final int MIN_TOKEN_LENGTH = 16;
    static final int MAX_TOKEN_LENGTH = 1024;

    private final Problems problems;

    AdminValidator(Problems problems) {
        this.problems = problems;
    }

    /** The admin side under {@code admin}: the defaults when absent, null after a problem. */
    AdminConfig admin(Section top) {
        YamlNode node = top.get("admin");
        if (node == null) {
            return AdminConfig.DEFAULTS;
        }
        Section admin = Section.of(node, "admin", ADMIN, KEYS, problems);
        if (admin == null) {
            return null;
        }
        int before = problems.size();
        HostPort address = admin.value("address", "host:port, e.g. 127.0.0.1:9901", HostPort::parse,
                AdminConfig.DEFAULT_ADDRESS);
        String token = admin.value("token", "a bearer token of " + MIN_TOKEN_LENGTH + " to " + MAX_TOKEN_LENGTH
                + " visible ASCII characters", AdminValidator::token, null);
        Boolean accessLog = admin.value("access-log", "true or false", AdminValidator::bool, false);
        Boolean metrics = admin.value("metrics", "true or false", AdminValidator::bool, true);
        Duration shutdownTimeout = admin.value("shutdown-timeout", "a duration, e.g. \"30s\"", Durations::parse,
                AdminConfig.DEFAULT_SHUTDOWN_TIMEOUT);
        if (problems.size() != before) {
            return null;
        }
        return new AdminConfig(address, token, accessLog, metrics, shutdownTimeout);
    }

    /** {@code true} or {@code false}, the way YAML 1.2 spells them. */
    static Boolean bool(String text) {
        return switch (text.strip()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(YamlNode.quote(text) + " is not a boolean (expected: true or false)");
        };
    }

    /**
     * A token a client can send as {@code Authorization: Bearer TOKEN}: visible ASCII, long enough
     * not to be guessed. The value is never quoted back: it is a secret.
     */
    static String token(String text) {
        if (text.length() < MIN_TOKEN_LENGTH || text.length() > MAX_TOKEN_LENGTH) {
            throw new IllegalArgumentException("the token has " + text.length() + " characters (expected: "
                    + MIN_TOKEN_LENGTH + " to " + MAX_TOKEN_LENGTH + ", e.g. from `openssl rand -hex 32`)");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("the token has a character at position " + (i + 1)
                        + " that is not visible ASCII (expected: letters, digits and punctuation, no spaces)");
            }
        }
        return text;
    }
}
