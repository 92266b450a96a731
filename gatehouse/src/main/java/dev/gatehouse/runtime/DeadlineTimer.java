package dev.gatehouse.runtime;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A single re-armable deadline on one event loop, for per-connection timeouts.
 *
 * <p>Moving a deadline later is just a field write: the scheduled task, when it fires early,
 * re-schedules itself for the remaining time. That keeps per-request work free of timer
 * allocation; only moving a deadline earlier than the scheduled task costs a new schedule.
 * Not thread-safe: use only from the owning event loop.
 */
public final class DeadlineTimer implements Runnable {

    private final EventExecutor executor;
    private final Runnable onExpiry;
    private long deadline; // System.nanoTime() value; 0 = disarmed
    private ScheduledFuture<?> scheduled;
    private long scheduledAt;

    public DeadlineTimer(EventExecutor executor, Runnable onExpiry) {
        this.executor = executor;
        this.onExpiry = onExpiry;
    }

    /** Expire {@code timeoutNanos} from now (replacing any earlier deadline). */
    public void armIn(long timeoutNanos) {
        armAt(System.nanoTime(), timeoutNanos);
    }

    /**
     * Expire {@code timeoutNanos} after {@code nowNanos}, a {@link System#nanoTime()} value the
     * caller has just read: where one request arms several timers, one clock read serves them all.
     */
    public void armAt(long nowNanos, long timeoutNanos) {
        long at = nowNanos + timeoutNanos;
        deadline = at == 0 ? 1 : at;
        if (scheduled == null || scheduledAt - deadline > 0) {
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            schedule();
        }
    }

    /** Stop expecting expiry; the pending task, if any, fires once and does nothing. */
    public void disarm() {
        deadline = 0;
    }

    /** Disarm and drop the scheduled task (when the connection closes). */
    public void cancel() {
        deadline = 0;
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
    }

    public boolean isArmed() {
        return deadline != 0;
    }

    @Override
    public void run() {
        scheduled = null;
        if (deadline == 0) {
            return;
        }
        if (deadline - System.nanoTime() > 0) {
            schedule();
            return;
        }
        deadline = 0;
        onExpiry.run();
    }

    /** Schedules the task for the deadline (rare: only when none is scheduled early enough). */
    private void schedule() {
        long delayNanos = Math.max(deadline - System.nanoTime(), 0);
        scheduledAt = deadline;
        scheduled = executor.schedule(this, delayNanos, TimeUnit.NANOSECONDS);
    }
}
