package dev.gatehouse.config.reload;

import dev.gatehouse.config.BackendConfig;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.load.ConfigException;
import dev.gatehouse.config.load.ConfigLoader;
import dev.gatehouse.config.load.ConfigProblem;
import dev.gatehouse.runtime.RuntimeCompiler;
import dev.gatehouse.runtime.RuntimeHolder;
import dev.gatehouse.runtime.RuntimeSnapshot;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the running configuration: validate → compile against the running snapshot → swap.
 * A config that fails any step is refused, the running one stays, and every problem is logged and
 * kept for the admin API ({@link #lastReload()}).
 *
 * <p>Requests in flight keep the snapshot they pinned; the compiler hands unchanged endpoints
 * their live state (in-flight counts, statistics, drain flag), and pooled upstream connections,
 * keyed by address, stay. Listeners and the admin side cannot change on reload: a file that
 * changes them is refused with a message saying to restart.
 *
 * <p>Every change (reload, weight override) runs on one thread of its own, in order: compiling
 * resolves backend names, which may block, and must never run on an event loop.
 */
public final class ConfigReloader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    /** Hears about changes of the running snapshot. Called on the reloader's thread. */
    public interface Listener {

        /** {@code snapshot} now serves new requests (after a reload or a weight change). */
        default void swapped(RuntimeSnapshot snapshot) {
        }

        /** A reload was applied or refused. */
        default void reloaded(ReloadResult result) {
        }
    }

    /**
     * The weight an endpoint has after an operator's change.
     *
     * @param weight           the weight in force
     * @param configuredWeight the weight the config file gives
     * @param overridden       whether an operator's weight replaces the file's
     * @param generation       the generation that has it
     */
    public record WeightChange(String pool, String endpoint, int weight, int configuredWeight, boolean overridden,
                               long generation) {
    }

    private final Path file;
    private final RuntimeHolder runtime;
    private final Listener listener;
    private final ExecutorService thread;
    private final WeightOverrides overrides = new WeightOverrides();
    // Written on the reloader's thread only; read by the admin API.
    private volatile GatehouseConfig fileConfig;
    private volatile ReloadResult lastReload;
    private byte[] lastDigest;

    /**
     * @param initial the config the gateway started with (as in the file)
     * @param file    the file reloads read, or null: then only {@link #apply} reloads
     */
    public ConfigReloader(GatehouseConfig initial, Path file, RuntimeHolder runtime, Listener listener) {
        this.fileConfig = Objects.requireNonNull(initial, "initial");
        this.file = file;
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.listener = listener == null ? new Listener() { } : listener;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gatehouse-reload");
            t.setDaemon(true);
            return t;
        });
        if (file != null) {
            try {
                lastDigest = digest(Files.readAllBytes(file));
            } catch (IOException e) {
                lastDigest = null; // the first change will be read whatever it is
            }
        }
    }

    /** The file reloads read, or null. */
    public Path file() {
        return file;
    }

    /** The last reload's outcome, or null before the first. */
    public ReloadResult lastReload() {
        return lastReload;
    }

    /** The config as the file gives it (without operators' weight overrides). */
    public GatehouseConfig fileConfig() {
        return fileConfig;
    }

    /** Reads the file again and applies it (or refuses it). Fails with IllegalStateException without a file. */
    public CompletableFuture<ReloadResult> reloadFile(String trigger) {
        if (file == null) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("the gateway was started without a config file: there is nothing to reload"));
        }
        return CompletableFuture.supplyAsync(() -> readAndApply(trigger, false), thread);
    }

    /** Like {@link #reloadFile} if the file's bytes differ from the last ones read; else completes with null. */
    CompletableFuture<ReloadResult> reloadFileIfChanged(String trigger) {
        return CompletableFuture.supplyAsync(() -> readAndApply(trigger, true), thread);
    }

    /** Applies {@code config}, already validated (tests, embedding), or refuses it. */
    public CompletableFuture<ReloadResult> apply(GatehouseConfig config, String trigger) {
        Objects.requireNonNull(config, "config");
        return CompletableFuture.supplyAsync(() -> applyValidated(config, trigger, source()), thread);
    }

    private String source() {
        return file == null ? "config" : file.toString();
    }

    private ReloadResult readAndApply(String trigger, boolean onlyIfChanged) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            // An editor replacing the file may leave it missing for a moment; the next event reads it.
            return onlyIfChanged ? null : refused(trigger, List.of(file + ": cannot read the file: no such file"));
        } catch (IOException e) {
            return refused(trigger, List.of(file + ": cannot read the file: " + e.getMessage()));
        }
        byte[] digest = digest(bytes);
        if (onlyIfChanged && Arrays.equals(digest, lastDigest)) {
            return null;
        }
        lastDigest = digest;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return refused(trigger, List.of(file + ": cannot read the file: not UTF-8 text"));
        }
        GatehouseConfig config;
        try {
            config = ConfigLoader.parse(text, file.toString());
        } catch (ConfigException e) {
            return refused(trigger, e.problems().stream().map(ConfigProblem::toString).toList());
        }
        return applyValidated(config, trigger, file.toString());
    }

    private ReloadResult applyValidated(GatehouseConfig config, String trigger, String source) {
        GatehouseConfig running = fileConfig;
        List<String> errors = new ArrayList<>();
        if (!config.listeners().equals(running.listeners())) {
            errors.add(source + ": listeners cannot change on reload (restart the gateway to change them)");
        }
        if (!config.admin().equals(running.admin())) {
            errors.add(source + ": admin cannot change on reload (restart the gateway to change it)");
        }
        if (!errors.isEmpty()) {
            return refused(trigger, errors);
        }
        RuntimeSnapshot next;
        try {
            next = compile(overrides.apply(config));
        } catch (UnknownHostException e) {
            return refused(trigger, List.of(source + ": " + e.getMessage()));
        } catch (RuntimeException e) {
            log.error("config reload: cannot compile {}", source, e);
            return refused(trigger, List.of(source + ": cannot be compiled: " + e));
        }
        fileConfig = config;
        overrides.retainEndpointsOf(config);
        ReloadResult result = new ReloadResult(Instant.now(), true, List.of(), next.generation(), trigger);
        log.info("config reloaded from {} ({}): generation {} serves new requests", source, trigger, next.generation());
        return finish(result);
    }

    private RuntimeSnapshot compile(GatehouseConfig effective) throws UnknownHostException {
        RuntimeSnapshot next = RuntimeCompiler.compile(effective, runtime.current());
        runtime.swap(next);
        try {
            listener.swapped(next);
        } catch (RuntimeException e) {
            log.warn("config reload: a listener failed on generation {}", next.generation(), e);
        }
        return next;
    }

    private ReloadResult refused(String trigger, List<String> errors) {
        long generation = runtime.current().generation();
        log.warn("config reload ({}) refused, generation {} keeps serving; {} problem(s):", trigger, generation,
                errors.size());
        errors.forEach(e -> log.warn("  {}", e));
        return finish(new ReloadResult(Instant.now(), false, errors, generation, trigger));
    }

    private ReloadResult finish(ReloadResult result) {
        lastReload = result;
        try {
            listener.reloaded(result);
        } catch (RuntimeException e) {
            log.warn("config reload: a listener failed", e);
        }
        return result;
    }

    /**
     * Sets the weight of endpoint {@code endpoint} of pool {@code pool} to {@code weight} by
     * compiling a new snapshot and swapping it in; {@code null} removes the override (back to the
     * file's weight). The override stays through reloads while the file keeps the endpoint.
     * The future fails with NoSuchElementException for an unknown pool or endpoint.
     *
     * @throws IllegalArgumentException when {@code weight} is outside 1..10000
     */
    public CompletableFuture<WeightChange> setWeight(String pool, String endpoint, Integer weight) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(endpoint, "endpoint");
        if (weight != null && (weight < WeightOverrides.MIN_WEIGHT || weight > WeightOverrides.MAX_WEIGHT)) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: " + WeightOverrides.MIN_WEIGHT
                    + ".." + WeightOverrides.MAX_WEIGHT + ")");
        }
        return CompletableFuture.supplyAsync(() -> changeWeight(pool, endpoint, weight), thread);
    }

    private WeightChange changeWeight(String pool, String endpoint, Integer weight) {
        GatehouseConfig config = fileConfig;
        if (!config.pools().containsKey(pool)) {
            throw new NoSuchElementException("pool \"" + pool + "\" does not exist");
        }
        BackendConfig backend = WeightOverrides.find(config, pool, endpoint);
        if (backend == null) {
            throw new NoSuchElementException("pool \"" + pool + "\" has no endpoint \"" + endpoint + "\"");
        }
        Integer before = overrides.get(pool, endpoint);
        if (weight == null) {
            overrides.remove(pool, endpoint);
        } else {
            overrides.put(pool, endpoint, weight);
        }
        RuntimeSnapshot next;
        try {
            next = compile(overrides.apply(config));
        } catch (UnknownHostException | RuntimeException e) {
            if (before == null) {
                overrides.remove(pool, endpoint);
            } else {
                overrides.put(pool, endpoint, before);
            }
            throw new IllegalStateException("cannot apply the weight: " + e.getMessage(), e);
        }
        int inForce = weight == null ? backend.weight() : weight;
        log.info("pools.{}.{}: weight {} ({}), generation {}", pool, endpoint, inForce,
                weight == null ? "from the config file" : "set by an operator", next.generation());
        return new WeightChange(pool, endpoint, inForce, backend.weight(), weight != null, next.generation());
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Stops the reloader's thread; a change in progress is abandoned. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
