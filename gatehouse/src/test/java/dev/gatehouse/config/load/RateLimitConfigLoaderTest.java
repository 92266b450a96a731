package dev.gatehouse.config.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.config.RateLimitConfig;
import dev.gatehouse.config.RateLimitConfig.Key;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code rate-limit} key of a route: every setting read, defaults, and each problem with its fix. */
class RateLimitConfigLoaderTest {

    private static String yaml(String rateLimit) {
        return """
                listeners:
                  - name: public
                    address: 127.0.0.1:8080
                admin:
                  address: 127.0.0.1:9901
                routes:
                  - match: { path-prefix: / }
                    pool: web
                    rate-limit: %s
                pools:
                  web:
                    backends:
                      - { name: A, address: 127.0.0.1:9001 }
                """.formatted(rateLimit);
    }

    private static RateLimitConfig load(String rateLimit) throws ConfigException {
        return ConfigLoader.parse(yaml(rateLimit), "gatehouse.yaml").routes().get(0).rateLimit();
    }

    private static String problem(String rateLimit) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml(rateLimit), "gatehouse.yaml"));
        assertThat(e).as("a problem for %s", rateLimit).isNotNull();
        return e.getMessage();
    }

    @Test
    void everySettingIsRead() throws ConfigException {
        assertThat(load("{ key: \"header:X-Client\", rate: 600/m, burst: 20 }"))
                .isEqualTo(new RateLimitConfig(Key.HEADER, "X-Client", 600, Duration.ofMinutes(1), 20));
        assertThat(load("{ key: api-key, rate: 5000/h, burst: 1 }"))
                .isEqualTo(new RateLimitConfig(Key.API_KEY, null, 5000, Duration.ofHours(1), 1));
        assertThat(load("{ key: route, rate: 1/s }").key()).isEqualTo(Key.ROUTE);
    }

    @Test
    void keyDefaultsToClientIpAndBurstToTheRate() throws ConfigException {
        assertThat(load("{ rate: 100/s }"))
                .isEqualTo(new RateLimitConfig(Key.CLIENT_IP, null, 100, Duration.ofSeconds(1), 100));
    }

    @Test
    void badValuesNameTheLineTheKeyAndTheFix() {
        assertThat(problem("{ key: client-id, rate: 1/s }"))
                .isEqualTo("gatehouse.yaml:9: routes[0].rate-limit.key: \"client-id\" is not a rate-limit key"
                        + " (did you mean \"client-ip\"?)");
        assertThat(problem("{ rate: 100 }")).contains("gatehouse.yaml:9: routes[0].rate-limit.rate: \"100\" is not a rate"
                + " (expected: requests per second, minute or hour, e.g. 100/s, 600/m, 5000/h)");
        assertThat(problem("{ rate: 10/d }")).contains("routes[0].rate-limit.rate: \"10/d\" has an unknown unit \"d\"");
        assertThat(problem("{ rate: 0/s }")).contains("routes[0].rate-limit.rate: \"0/s\" is out of range");
        assertThat(problem("{ rate: 1/s, burst: 0 }")).contains("routes[0].rate-limit.burst: 0 is out of range");
        assertThat(problem("{ key: \"header:\", rate: 1/s }")).contains("does not name a header");
        assertThat(problem("{ rate: 1/s, brust: 3 }")).contains("routes[0].rate-limit.brust: unknown key (did you mean \"burst\"?)");
        assertThat(problem("{ key: route }")).contains("routes[0].rate-limit.rate: missing");
        assertThat(problem("100/s")).contains("routes[0].rate-limit: found \"100/s\" (expected: a map, e.g.");
    }
}
