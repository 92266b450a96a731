package dev.gatehouse.cli;

import io.netty.util.Version;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Tells the version of Gatehouse (from the resource Maven filters at build time), its JVM and Netty. */
final class GatehouseVersion implements IVersionProvider {

    private static final String RESOURCE = "/gatehouse-version.properties";

    @Override
    public String[] getVersion() {
        // Every Netty artifact has the same version (one BOM); a fat jar keeps only one artifact's entry.
        String netty = Version.identify(GatehouseVersion.class.getClassLoader()).values().stream()
                .map(Version::artifactVersion)
                .findFirst()
                .map(version -> ", Netty " + version)
                .orElse("");
        return new String[] {
            "gatehouse " + gatehouse(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")" + netty,
        };
    }

    /** The project version, or {@code unknown} when the resource is missing or was not filtered. */
    static String gatehouse() {
        Properties properties = new Properties();
        try (InputStream in = GatehouseVersion.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        String version = properties.getProperty("version", "unknown");
        return version.startsWith("${") ? "unknown" : version;
    }
}
