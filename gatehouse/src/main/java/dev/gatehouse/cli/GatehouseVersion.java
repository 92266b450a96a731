package dev.gatehouse.cli;

import dev.gatehouse.Gatehouse;
import io.netty.util.Version;
import picocli.CommandLine.IVersionProvider;

/** Tells the version of Gatehouse (from the resource Maven filters at build time), its JVM and Netty. */
final class GatehouseVersion implements IVersionProvider {

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
        return Gatehouse.version();
    }
}
