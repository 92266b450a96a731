package dev.gatehouse.testing;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.load.ConfigLoader;
import java.nio.file.Path;

/**
 * Runs a gateway in a JVM of its own, for tests that need to control its memory: reads the YAML
 * file named by the first argument, starts, prints {@code LISTENING <listener> <port>} for each
 * listener, and runs until its standard input closes (the test process ending closes it too, so
 * no gateway outlives its test).
 */
public final class StandaloneGateway {

    /** The line prefix the parent process waits for. */
    public static final String READY = "LISTENING ";

    private StandaloneGateway() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: StandaloneGateway <config.yaml>");
            System.exit(1);
        }
        GatehouseConfig config = ConfigLoader.load(Path.of(args[0]));
        try (Gatehouse gatehouse = Gatehouse.start(config)) {
            config.listeners().forEach(l ->
                    System.out.println(READY + l.name() + " " + gatehouse.listenerPort(l.name())));
            System.out.flush();
            while (System.in.read() != -1) {
                // Wait for the parent to close our input.
            }
        }
        System.exit(0);
    }
}
