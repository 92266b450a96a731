package dev.gatehouse.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGTERM or SIGINT (Ctrl-C) into an orderly stop that exits 0: a shutdown hook runs the
 * given close action, lets the command finish its last words, then ends the JVM with status 0.
 *
 * <p>Without this the JVM would exit 143 or 130 after a signal, which service managers and
 * scripts read as a failure; stopping on request is the normal end of a server.
 */
final class ShutdownSignal {

    private static final long FINISH_WAIT_SECONDS = 5;

    private final CountDownLatch signalled = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownSignal(Runnable close) {
        hook = new Thread(() -> {
            try {
                close.run();
            } finally {
                signalled.countDown();
            }
            try {
                // The command thread returns from its wait and says goodbye; give it a moment.
                finished.await(FINISH_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(GatehouseCommand.EXIT_OK);
        }, "gatehouse-shutdown");
    }

    /** Installs the hook; {@code close} runs on a signal and must make the command's wait return. */
    static ShutdownSignal install(Runnable close) {
        ShutdownSignal signal = new ShutdownSignal(close);
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Blocks until a signal has been received and the close action has run. */
    void await() throws InterruptedException {
        signalled.await();
    }

    /**
     * The command is done (signalled or not): removes the hook so a normal exit keeps its own
     * status, or lets a running hook end the JVM.
     */
    void finished() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it halts the JVM with status 0 once it sees `finished`.
        }
    }
}
