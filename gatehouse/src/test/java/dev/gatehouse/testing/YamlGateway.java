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
