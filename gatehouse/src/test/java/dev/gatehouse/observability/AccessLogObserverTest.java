package dev.gatehouse.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.gatehouse.exchange.ExchangeRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The access log never blocks its callers: a full queue drops records and counts them; close writes what is queued. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AccessLogObserverTest {

    /** An appender that holds the writer thread in its first append until released. */
    private static final class HeldAppender extends AppenderBase<ILoggingEvent> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lines.add(event.getFormattedMessage());
        }
    }

    private static ExchangeRecord record(String id) {
        return new ExchangeRecord(0, id, "127.0.0.1", "GET", "/", 200, 0, 10, "r", "p", "e", 1000, 2000, 0, null);
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        LoggerContext context = new LoggerContext();
        Logger logger = context.getLogger("access");
        logger.setLevel(Level.INFO);
        HeldAppender appender = new HeldAppender();
        appender.setContext(context);
        appender.start();
        logger.addAppender(appender);
        AccessLogObserver log = new AccessLogObserver(logger, 2);

        log.onExchangeComplete(record("held"));
        assertThat(appender.entered.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            log.onExchangeComplete(record("r" + i));
        }

        assertThat(log.dropped()).isEqualTo(3);
        appender.release.countDown();
        log.close();
        assertThat(appender.lines).hasSize(3);
        assertThat(appender.lines.get(1)).contains("\"request_id\":\"r0\"");
    }

    @Test
    void aLoggerThatIsOffGetsNothingQueued() {
        LoggerContext context = new LoggerContext();
        Logger logger = context.getLogger("access");
        logger.setLevel(Level.OFF);
        AccessLogObserver log = new AccessLogObserver(logger, 1);

        for (int i = 0; i < 5; i++) {
            log.onExchangeComplete(record("r" + i));
        }

        assertThat(log.dropped()).isZero();
        log.close();
    }
}
