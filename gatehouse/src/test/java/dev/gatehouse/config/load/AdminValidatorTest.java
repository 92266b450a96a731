package dev.gatehouse.config.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.config.AdminConfig;
import dev.gatehouse.config.HostPort;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code admin} section: defaults, every key, and one problem per bad value (never quoting the token). */
class AdminValidatorTest {

    private static final String REST = """
            routes:
              - match: { path-prefix: / }
                pool: web
            pools:
              web:
                backends:
                  - { name: A, address: 127.0.0.1:9001 }
            """;

    private static AdminConfig admin(String section) throws ConfigException {
        return ConfigLoader.parse("""
                listeners:
                  - { name: public, address: 127.0.0.1:8080 }
                %s
                %s""".formatted(section, REST), "g.yaml").admin();
    }

    private static List<String> problems(String section) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> admin(section));
        assertThat(e).as("a bad config").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void withoutTheSectionEverythingIsAtItsDefault() throws Exception {
        AdminConfig admin = admin("");

        assertThat(admin).isEqualTo(AdminConfig.DEFAULTS);
        assertThat(admin.address()).isEqualTo(new HostPort("127.0.0.1", 9901));
        assertThat(admin.token()).isNull();
        assertThat(admin.metrics()).isTrue();
        assertThat(admin.accessLog()).isFalse();
        assertThat(admin.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyKeyIsRead() throws Exception {
        AdminConfig admin = admin("""
                admin:
                  address: 127.0.0.1:0
                  token: abcdefghijklmnop-0123
                  metrics: false
                  access-log: true
                  shutdown-timeout: 5s
                """);

        assertThat(admin).isEqualTo(new AdminConfig(new HostPort("127.0.0.1", 0), "abcdefghijklmnop-0123", true, false,
                Duration.ofSeconds(5)));
        assertThat(admin.toString()).doesNotContain("abcdefghijklmnop");
    }

    @Test
    void anEmptyTokenMeansNone() throws Exception {
        assertThat(admin("admin:\n  token: null\n").token()).isNull();
        assertThat(admin("admin:\n  token:\n").token()).isNull();
    }

    @Test
    void everyBadValueIsOneProblemAndTheTokenIsNeverQuoted() {
        List<String> problems = problems("""
                admin:
                  address: nowhere
                  token: short secret
                  metrics: yes
                  access-log: 1
                  shutdown-timeout: 30
                  colour: blue
                """);

        assertThat(problems).hasSize(6);
        assertThat(problems.get(0)).startsWith("g.yaml:4: admin.address: ");
        assertThat(problems.get(1)).startsWith("g.yaml:5: admin.token: the token has 12 characters (expected: 16 to 1024")
                .doesNotContain("short secret");
        assertThat(problems.get(2)).isEqualTo("g.yaml:6: admin.metrics: \"yes\" is not a boolean (expected: true or false)");
        assertThat(problems.get(3)).isEqualTo("g.yaml:7: admin.access-log: \"1\" is not a boolean (expected: true or false)");
        assertThat(problems.get(4)).startsWith("g.yaml:8: admin.shutdown-timeout: \"30\" is not a duration");
        assertThat(problems.get(5)).startsWith("g.yaml:9: admin.colour: unknown key");
    }

    @Test
    void aTokenWithASpaceIsRefused() {
        assertThat(problems("admin:\n  token: \"abcdefgh ijklmnopq\"\n")).singleElement().asString()
                .contains("admin.token: the token has a character at position 9 that is not visible ASCII");
    }
}
