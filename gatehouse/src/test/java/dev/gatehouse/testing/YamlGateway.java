package dev.gatehouse.testing;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.load.ConfigLoader;
import java.io.IOException;

/** A gateway started from a YAML text (with {@code BACKEND_PORT} replaced), for tests written as config. */
public final class YamlGateway implements AutoCloseable {

    public final Gatehouse gatehouse;

    private YamlGateway(Gatehouse gatehouse) {
        this.gatehouse = gatehouse;
    }

    /**
     * The config most edge tests need: listener {@code public} on an ephemeral port with these
     * {@code limits} (a YAML flow map, e.g. {@code "{ body-timeout: 500ms }"}), an admin listener on
     * an ephemeral port, and every path routed to one backend {@code A} on {@code BACKEND_PORT}.
     */
    public static String oneBackendWithLimits(String limits) {
        return """
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                    limits: %s
                admin:
                  address: 127.0.0.1:0
                routes:
                  - match: { path-prefix: / }
                    pool: web
                pools:
                  web:
                    backends:
                      - { name: A, address: 127.0.0.1:BACKEND_PORT }
                """.formatted(limits);
    }

    public static YamlGateway start(String yaml, int backendPort) throws Exception {
        GatehouseConfig config = ConfigLoader.parse(yaml.replace("BACKEND_PORT", Integer.toString(backendPort)),
                "test.yaml");
        return new YamlGateway(Gatehouse.start(config));
    }

    public int port() {
        return gatehouse.listenerPort("public");
    }

    public RawHttpClient.Response exchange(String request) throws IOException {
        try (RawHttpClient client = new RawHttpClient(port())) {
            return client.exchange(request);
        }
    }

    public RawHttpClient.Response exchangeFrom(String source, String request) throws IOException {
        try (RawHttpClient client = new RawHttpClient(port(), source)) {
            return client.exchange(request);
        }
    }

    @Override
    public void close() {
        gatehouse.close();
    }
}
