package dev.gatehouse.config.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.config.GatehouseConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The access and auth keys of listeners and routes: read into records, each problem with line, key and fix. */
class SecurityConfigLoaderTest {

    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void accessTrustedProxiesAndApiKeysAreRead() throws ConfigException {
        GatehouseConfig config = ConfigLoader.parse("""
                listeners:
                  - name: public
                    address: 0.0.0.0:8080
                    access: { allow: [10.0.0.0/8], deny: ["2001:db8::/32"] }
                    trusted-proxies: [10.1.0.0/16]
                routes:
                  - match: { path-prefix: / }
                    pool: web
                    access: { deny: [10.0.0.66] }
                    auth:
                      api-keys: { header: X-Api-Key, keys: [ { name: mobile, sha256: %s } ], allow: [mobile] }
                pools:
                  web:
                    backends: [ { name: A, address: 127.0.0.1:9001 } ]
                """.formatted(HASH), "gatehouse.yaml");

        assertThat(config.listeners().get(0).access().allow()).containsExactly("10.0.0.0/8");
        assertThat(config.listeners().get(0).access().deny()).containsExactly("2001:db8::/32");
        assertThat(config.listeners().get(0).trustedProxies()).containsExactly("10.1.0.0/16");
        assertThat(config.routes().get(0).access().deny()).containsExactly("10.0.0.66");
        assertThat(config.routes().get(0).auth().apiKeys().keys().get(0).sha256()).isEqualTo(HASH);
        assertThat(config.routes().get(0).auth().apiKeys().allow()).containsExactly("mobile");
    }

    @Test
    void everyProblemIsReportedWithItsLineKeyAndFix() {
        String yaml = """
                listeners:
                  - name: public
                    address: 0.0.0.0:8080
                    access: { allow: [10.0.0.0/33] }
                    trusted-proxies: [proxy.example.com]
                routes:
                  - match: { path-prefix: / }
                    pool: web
                    auth:
                      api-keys: { header: X-Api-Key, keys: [ { name: mobile, sha256: secret } ], allow: [mobil] }
                  - match: { path-prefix: /jwt/ }
                    pool: web
                    auth:
                      jwt: { algorithms: [RS257], keys: { hs256-secret: short } }
                pools:
                  web:
                    backends: [ { name: A, address: 127.0.0.1:9001 } ]
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "gatehouse.yaml"));

        List<String> problems = e.problems().stream().map(ConfigProblem::toString).toList();
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("gatehouse.yaml:4: listeners[0].access.allow[0]:")
                .contains("/0 to /32"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("gatehouse.yaml:5: listeners[0].trusted-proxies[0]:")
                .contains("\"proxy.example.com\" is not an IP address or CIDR block"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("gatehouse.yaml:10: routes[0].auth.api-keys.keys[0].sha256:")
                .contains("64 hex digits"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("gatehouse.yaml:10: routes[0].auth.api-keys.allow[0]:")
                .contains("did you mean \"mobile\"?"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("gatehouse.yaml:14: routes[1].auth.jwt.algorithms[0]:")
                .contains("RS256"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("gatehouse.yaml:14: routes[1].auth.jwt.keys.hs256-secret:")
                .contains("at least 32 bytes").doesNotContain("short"));
    }

    @Test
    void anApiKeyNameMustBeSafeInAHeaderValue() {
        // The key's name goes to backends in X-Auth-Key: a line break or a space in it is refused.
        String yaml = """
                routes:
                  - match: { path-prefix: / }
                    pool: web
                    auth:
                      api-keys:
                        header: X-Api-Key
                        keys:
                          - { name: "mo\\r\\nX-Admin: 1", sha256: %s }
                          - { name: "mobile app", sha256: %s }
                pools:
                  web:
                    backends: [ { name: A, address: 127.0.0.1:9001 } ]
                """.formatted(HASH, HASH);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "gatehouse.yaml"));

        List<String> problems = e.problems().stream().map(ConfigProblem::toString).toList();
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("gatehouse.yaml:8: routes[0].auth.api-keys.keys[0].name:")
                .contains("is not a key name").contains("visible ASCII"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("gatehouse.yaml:9: routes[0].auth.api-keys.keys[1].name:")
                .contains("\"mobile app\" is not a key name"));
    }
}
