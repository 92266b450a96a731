package dev.gatehouse.security;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.load.ConfigLoader;
import dev.gatehouse.testing.RawHttpClient;
import java.io.IOException;

/** A gateway started from YAML (with {@code BACKEND_PORT} replaced) for the security tests. */
final class SecureGateway implements AutoCloseable {

    final Gatehouse gatehouse;

    private SecureGateway(Gatehouse gatehouse) {
        this.gatehouse = gatehouse;
    }

    static SecureGateway start(String yaml, int backendPort) throws Exception {
        GatehouseConfig config = ConfigLoader.parse(yaml.replace("BACKEND_PORT", Integer.toString(backendPort)),
                "test.yaml");
        return new SecureGateway(Gatehouse.start(config));
    }

    int port() {
        return gatehouse.listenerPort("public");
    }

    RawHttpClient.Response exchange(String request) throws IOException {
        try (RawHttpClient client = new RawHttpClient(port())) {
            return client.exchange(request);
        }
    }

    RawHttpClient.Response exchangeFrom(String source, String request) throws IOException {
        try (RawHttpClient client = new RawHttpClient(port(), source)) {
            return client.exchange(request);
        }
    }

    @Override
    public void close() {
        gatehouse.close();
    }
}
