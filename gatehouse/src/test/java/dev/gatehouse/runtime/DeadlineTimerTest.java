package dev.gatehouse.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the timer on a real event loop: it reads {@code System.nanoTime()} itself, so a mocked
 * event-loop clock would not move its deadline. "Did not fire" is checked without sleeping: a
 * marker task scheduled on the same loop after the timer's task runs only once that task ran.
 */
class DeadlineTimerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private EventExecutor loop;
    private final AtomicInteger fires = new AtomicInteger();
    private final AtomicLong firedAt = new AtomicLong();
    private DeadlineTimer timer;

    @BeforeEach
    void setUp() {
        loop = new DefaultEventLoop();
        timer = new DeadlineTimer(loop, () -> {
            firedAt.set(System.nanoTime());
            fires.incrementAndGet();
        });
    }

    @AfterEach
    void tearDown() {
        onLoop(() -> timer.cancel());
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void firesOnceAfterTheDeadline() {
        long armedAt = onLoop(() -> {
            timer.armIn(TimeUnit.MILLISECONDS.toNanos(50));
            return System.nanoTime();
        });
        assertThat(onLoop(timer::isArmed)).isTrue();

        await().atMost(WAIT).until(() -> fires.get() == 1);

        assertThat(firedAt.get() - armedAt).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(onLoop(timer::isArmed)).isFalse();
        awaitMarkerAfter(100);
        assertThat(fires.get()).isEqualTo(1);
    }

    @Test
    void reArmingLaterPostponesExpiry() {
        long rearmedAt = onLoop(() -> {
            timer.armIn(TimeUnit.MILLISECONDS.toNanos(20));
            timer.armIn(TimeUnit.SECONDS.toNanos(1));
            return System.nanoTime();
        });

        // The task scheduled for 20 ms has run by now and found the deadline moved.
        awaitMarkerAfter(200);
        assertThat(fires.get()).isZero();
        assertThat(onLoop(timer::isArmed)).isTrue();

        await().atMost(WAIT).until(() -> fires.get() == 1);
        assertThat(firedAt.get() - rearmedAt).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void reArmingEarlierReschedules() {
        long rearmedAt = onLoop(() -> {
            timer.armIn(TimeUnit.HOURS.toNanos(1));
            timer.armIn(TimeUnit.MILLISECONDS.toNanos(50));
            return System.nanoTime();
        });

        await().atMost(WAIT).until(() -> fires.get() == 1);
        assertThat(firedAt.get() - rearmedAt).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void disarmPreventsFiring() {
        onLoop(() -> {
            timer.armIn(TimeUnit.MILLISECONDS.toNanos(20));
            timer.disarm();
        });
        assertThat(onLoop(timer::isArmed)).isFalse();

        awaitMarkerAfter(100);

        assertThat(fires.get()).isZero();
    }

    @Test
    void cancelPreventsFiringAndTheTimerCanBeArmedAgain() {
        onLoop(() -> {
            timer.armIn(TimeUnit.MILLISECONDS.toNanos(20));
            timer.cancel();
        });
        assertThat(onLoop(timer::isArmed)).isFalse();
        awaitMarkerAfter(100);
        assertThat(fires.get()).isZero();

        onLoop(() -> timer.armIn(TimeUnit.MILLISECONDS.toNanos(20)));
        await().atMost(WAIT).until(() -> fires.get() == 1);
    }

    @Test
    void canBeArmedAgainAfterFiring() {
        onLoop(() -> timer.armIn(TimeUnit.MILLISECONDS.toNanos(10)));
        await().atMost(WAIT).until(() -> fires.get() == 1);

        onLoop(() -> timer.armIn(TimeUnit.MILLISECONDS.toNanos(10)));
        await().atMost(WAIT).until(() -> fires.get() == 2);
    }

    @Test
    void disarmThenArmFiresForTheNewDeadline() {
        long armedAt = onLoop(() -> {
            timer.armIn(TimeUnit.MILLISECONDS.toNanos(20));
            timer.disarm();
            timer.armIn(TimeUnit.MILLISECONDS.toNanos(300));
            return System.nanoTime();
        });

        await().atMost(WAIT).until(() -> fires.get() == 1);
        assertThat(firedAt.get() - armedAt).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    }

    @Test
    void armAtCountsFromTheClockReadingGiven() {
        // A reading taken 200 ms "ago" with a 250 ms timeout leaves 50 ms, not 250: the timer's
        // task comes before a marker 150 ms out on the same loop (ordered by deadline, not timed).
        long reading = onLoop(() -> {
            long earlier = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(200);
            timer.armAt(earlier, TimeUnit.MILLISECONDS.toNanos(250));
            return earlier;
        });

        awaitMarkerAfter(150);
        assertThat(fires.get()).isEqualTo(1);
        assertThat(firedAt.get() - reading).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
        assertThat(onLoop(timer::isArmed)).isFalse();
    }

    @Test
    void armAtLaterThanTheScheduledTaskPostponesExpiry() {
        long rearmedAt = onLoop(() -> {
            timer.armAt(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(20));
            long now = System.nanoTime();
            timer.armAt(now, TimeUnit.MILLISECONDS.toNanos(400));
            return now;
        });

        awaitMarkerAfter(150);
        assertThat(fires.get()).isZero();

        await().atMost(WAIT).until(() -> fires.get() == 1);
        assertThat(firedAt.get() - rearmedAt).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(400));
    }

    /** Schedules a no-op {@code delayMillis} from now on the timer's loop and waits until it ran. */
    private void awaitMarkerAfter(long delayMillis) {
        AtomicBoolean ran = new AtomicBoolean();
        loop.schedule(() -> ran.set(true), delayMillis, TimeUnit.MILLISECONDS);
        await().atMost(WAIT).untilTrue(ran);
    }

    private void onLoop(Runnable task) {
        loop.submit(task).syncUninterruptibly();
    }

    private <T> T onLoop(Callable<T> task) {
        return loop.submit(task).syncUninterruptibly().getNow();
    }
}
