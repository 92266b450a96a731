package dev.gatehouse.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A gateway running in a JVM of its own ({@link StandaloneGateway}), started with the test's
 * classpath and the JVM options a test chooses (e.g. a small heap). {@link #close()} kills it.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final Path output;

    private GatewayProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Starts {@code java <jvmOptions> -cp <test classpath> StandaloneGateway <config>} and waits
     * until it prints that it listens. {@code workDir} receives its output ({@code gateway.log},
     * stdout and stderr) and a snapshot of the classpath's class directories: the child loads
     * classes lazily, and must not see a build that rewrites them while it runs.
     */
    public static GatewayProcess start(Path config, Path workDir, String... jvmOptions) throws IOException {
        Path output = workDir.resolve("gateway.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(snapshotClasspath(workDir.resolve("classpath")));
        command.add(StandaloneGateway.class.getName());
        command.add(config.toString());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        GatewayProcess started = new GatewayProcess(process, output);
        try {
            await().atMost(STARTUP).pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || started.output().contains(StandaloneGateway.READY));
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway process exited with " + process.exitValue() + ":\n"
                        + started.output());
            }
        } catch (RuntimeException | Error e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** The port listener {@code name} got. */
    public int port(String name) throws IOException {
        String prefix = StandaloneGateway.READY + name + " ";
        return output().lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> Integer.parseInt(l.substring(prefix.length()).trim()))
                .orElseThrow(() -> new IllegalStateException("listener " + name + " not announced"));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process printed so far. */
    public String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** Kills the process and waits (briefly) for it to be gone. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The test classpath with each directory entry replaced by a copy under {@code into}; jars stay as they are. */
    private static String snapshotClasspath(Path into) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : testClasspath().split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (entry.isEmpty() || !Files.isDirectory(path)) {
                entries.add(entry);
                continue;
            }
            Path copy = into.resolve("dir-" + n++);
            try (Stream<Path> files = Files.walk(path)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = copy.resolve(path.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            entries.add(copy.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * The classpath the tests run with. Surefire may run tests from a manifest-only jar, whose
     * manifest lists the real classpath; both work for a child JVM, the explicit one is clearer.
     */
    private static String testClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
