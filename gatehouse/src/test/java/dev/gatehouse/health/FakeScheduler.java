package dev.gatehouse.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A {@link OutlierDetector.Scheduler} and {@link System#nanoTime()} stand-in in one: time moves
 * only when {@link #advance} says, and tasks that fall due then run on the calling thread.
 */
final class FakeScheduler implements OutlierDetector.Scheduler, LongSupplier {

    private record Task(long due, long order, Runnable run) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private long nanos = 1_000_000_000L;
    private long order;

    @Override
    public long getAsLong() {
        return nanos;
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        tasks.add(new Task(nanos + delayNanos, order++, task));
    }

    /** Moves time forward, running the tasks that fall due in order of their due time. */
    void advance(Duration by) {
        long end = nanos + by.toNanos();
        while (true) {
            Task next = tasks.stream().filter(t -> t.due() <= end)
                    .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::order)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            nanos = Math.max(nanos, next.due());
            next.run().run();
        }
        nanos = end;
    }

    /** Tasks not run yet. */
    int pending() {
        return tasks.size();
    }
}
