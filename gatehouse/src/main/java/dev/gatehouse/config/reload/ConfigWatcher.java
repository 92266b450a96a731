package dev.gatehouse.config.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the config file when it changes: watches its directory (editors and deployment tools
 * replace a file by renaming another over it, which only the directory sees), waits until the
 * directory has been quiet for a moment so that a file written in several steps is read whole,
 * then asks the {@link ConfigReloader} to reload if the file's bytes changed.
 *
 * <p>Runs on a daemon thread of its own.
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    /** How long the directory must stay quiet before the file is read. */
    public static final Duration DEFAULT_QUIET = Duration.ofMillis(200);

    private final ConfigReloader reloader;
    private final WatchService watch;
    private final Duration quiet;
    private final Thread thread;
    private volatile boolean closed;

    private ConfigWatcher(ConfigReloader reloader, WatchService watch, Duration quiet) {
        this.reloader = reloader;
        this.watch = watch;
        this.quiet = quiet;
        this.thread = new Thread(this::run, "gatehouse-config-watch");
        thread.setDaemon(true);
    }

    /**
     * Starts watching {@code reloader}'s file.
     *
     * @throws IOException when the directory cannot be watched
     */
    public static ConfigWatcher start(ConfigReloader reloader, Duration quiet) throws IOException {
        Path file = reloader.file();
        if (file == null) {
            throw new IllegalArgumentException("reloader: has no file (expected: a reloader of a config file)");
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        WatchService watch = FileSystems.getDefault().newWatchService();
        try {
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | RuntimeException e) {
            watch.close();
            throw e;
        }
        ConfigWatcher watcher = new ConfigWatcher(reloader, watch, quiet);
        watcher.thread.start();
        log.info("watching {} for changes", file);
        return watcher;
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watch.take();
                drain(key);
                // Debounce: wait until nothing happened in the directory for `quiet`.
                WatchKey more;
                while ((more = watch.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                if (closed) {
                    return;
                }
                // Any change in the directory may be ours (through a symlink swap, too): compare bytes.
                try {
                    reloader.reloadFileIfChanged("file-watch").join();
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    log.error("config file watcher: reload failed", e);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closed: the gateway is stopping.
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    @Override
    public void close() {
        closed = true;
        try {
            watch.close();
        } catch (IOException e) {
            log.debug("closing the watch service", e);
        }
        thread.interrupt();
    }
}
