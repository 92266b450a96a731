package dev.gatehouse.security.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.RateLimitConfig;
import dev.gatehouse.config.RateLimitConfig.Key;
import dev.gatehouse.filter.FilterContext;
import dev.gatehouse.filter.FilterResult;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Token buckets on a fake clock: exact admissions, burst, refill, keys kept apart, memory bound. */
class RateLimitFilterTest {

    /** Starts just before nanoTime wraps, so every comparison must survive the wrap. */
    private long now = Long.MAX_VALUE - TimeUnit.SECONDS.toNanos(2);

    private RateLimitFilter filter(Key key, String header, long permits, Duration period, int burst) {
        return new RateLimitFilter(new RateLimitConfig(key, header, permits, period, burst), () -> now, 1000);
    }

    private void advance(Duration d) {
        now += d.toNanos();
    }

    private static int admitted(RateLimitFilter filter, FilterContext context, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (filter.onRequest(context).isContinue()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aFullBucketAdmitsExactlyTheBurstThenRefillsAtTheRate() throws Exception {
        RateLimitFilter f = filter(Key.CLIENT_IP, null, 10, Duration.ofSeconds(1), 20);
        Context c = new Context("10.0.0.1");
        assertThat(admitted(f, c, 100)).isEqualTo(20);
        advance(Duration.ofMillis(100));
        assertThat(admitted(f, c, 100)).as("one token per 100ms").isEqualTo(1);
        advance(Duration.ofMillis(99));
        assertThat(admitted(f, c, 100)).isZero();
        advance(Duration.ofMillis(1));
        assertThat(admitted(f, c, 100)).isEqualTo(1);
        advance(Duration.ofMillis(550));
        assertThat(admitted(f, c, 100)).isEqualTo(5);
        // Idle for long: the bucket fills up to the burst, never beyond.
        advance(Duration.ofHours(1));
        assertThat(admitted(f, c, 100)).isEqualTo(20);
    }

    @Test
    void overTenSecondsAtAFloodAdmitsBurstPlusRateTimesTime() throws Exception {
        RateLimitFilter f = filter(Key.CLIENT_IP, null, 10, Duration.ofSeconds(1), 10);
        Context c = new Context("10.0.0.1");
        int total = 0;
        for (int ms = 0; ms < 10_000; ms++) {
            total += admitted(f, c, 3);
            advance(Duration.ofMillis(1));
        }
        assertThat(total).isEqualTo(10 + 10 * 10 - 1); // the 100th refill lands at exactly 10s
    }

    @Test
    void aRejectionSaysWhenToComeBack() throws Exception {
        RateLimitFilter f = filter(Key.CLIENT_IP, null, 2, Duration.ofMinutes(1), 3);
        Context c = new Context("10.0.0.1");
        assertThat(admitted(f, c, 3)).isEqualTo(3);
        FilterResult r = f.onRequest(c);
        assertThat(r.isContinue()).isFalse();
        assertThat(r.status().code()).isEqualTo(429);
        assertThat(r.reason()).isEqualTo("rate-limited");
        Map<String, String> h = Map.ofEntries(r.headers().toArray(Map.Entry[]::new));
        assertThat(h).containsEntry("Retry-After", "30") // one token per 30s
                .containsEntry("RateLimit-Limit", "3")
                .containsEntry("RateLimit-Remaining", "0")
                .containsEntry("RateLimit-Reset", "90"); // three tokens to refill
        advance(Duration.ofMillis(29_001));
        assertThat(Map.ofEntries(f.onRequest(c).headers().toArray(Map.Entry[]::new)))
                .as("rounded up").containsEntry("Retry-After", "1");
        advance(Duration.ofMillis(999));
        assertThat(f.onRequest(c).isContinue()).isTrue();
    }

    @Test
    void clientsHaveTheirOwnBuckets() throws Exception {
        RateLimitFilter f = filter(Key.CLIENT_IP, null, 1, Duration.ofSeconds(1), 2);
        assertThat(admitted(f, new Context("10.0.0.1"), 5)).isEqualTo(2);
        assertThat(admitted(f, new Context("10.0.0.2"), 5)).isEqualTo(2);
        assertThat(admitted(f, new Context("::1"), 5)).isEqualTo(2);
        assertThat(admitted(f, new Context("10.0.0.1"), 5)).isZero();
    }

    @Test
    void aHeaderKeyCountsEachValueAndFallsBackToTheAddress() throws Exception {
        RateLimitFilter f = filter(Key.HEADER, "X-Client", 1, Duration.ofSeconds(1), 2);
        assertThat(admitted(f, new Context("10.0.0.1").header("X-Client", "a"), 5)).isEqualTo(2);
        assertThat(admitted(f, new Context("10.0.0.1").header("x-client", "b"), 5)).isEqualTo(2);
        assertThat(admitted(f, new Context("10.0.0.1"), 5)).as("no header: by address").isEqualTo(2);
        assertThat(admitted(f, new Context("10.0.0.2"), 5)).isEqualTo(2);
        assertThat(admitted(f, new Context("10.0.0.2").header("X-Client", "10.0.0.3"), 5))
                .as("a header value never shares an address's bucket").isEqualTo(2);
        String huge = "k".repeat(10_000);
        assertThat(admitted(f, new Context("10.0.0.1").header("X-Client", huge), 5)).isEqualTo(2);
        assertThat(admitted(f, new Context("10.0.0.1").header("X-Client", huge), 5)).isZero();
    }

    @Test
    void anApiKeyLimitCountsByIdentity() throws Exception {
        RateLimitFilter f = filter(Key.API_KEY, null, 1, Duration.ofSeconds(1), 1);
        assertThat(admitted(f, new Context("10.0.0.1").identity("alice"), 3)).isEqualTo(1);
        assertThat(admitted(f, new Context("10.0.0.2").identity("alice"), 3)).as("same key elsewhere").isZero();
        assertThat(admitted(f, new Context("10.0.0.1").identity("bob"), 3)).isEqualTo(1);
        assertThat(admitted(f, new Context("10.0.0.1"), 3)).as("anonymous: by address").isEqualTo(1);
    }

    @Test
    void aRouteLimitIsOneBucketForEveryone() throws Exception {
        RateLimitFilter f = filter(Key.ROUTE, null, 5, Duration.ofSeconds(1), 5);
        assertThat(admitted(f, new Context("10.0.0.1"), 3)).isEqualTo(3);
        assertThat(admitted(f, new Context("10.0.0.2"), 3)).isEqualTo(2);
        assertThat(f.keys()).isZero();
    }

    @Test
    void manyClientsNeverHoldMoreThanMaxKeysBuckets() throws Exception {
        RateLimitFilter f = new RateLimitFilter(new RateLimitConfig(Key.HEADER, "X-K", 1, Duration.ofSeconds(1), 1),
                () -> now, 100);
        for (int i = 0; i < 10_000; i++) {
            f.onRequest(new Context("10.0.0.1").header("X-K", "key-" + i));
            assertThat(f.keys()).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void idleBucketsExpireAndRecentOnesSurviveAGeneration() throws Exception {
        RateLimitFilter f = filter(Key.CLIENT_IP, null, 1, Duration.ofSeconds(1), 2);
        Context busy = new Context("10.0.0.1");
        assertThat(admitted(f, busy, 2)).isEqualTo(2);
        for (int i = 0; i < 50; i++) {
            f.onRequest(new Context("10.1.0." + i));
        }
        // Two generations (2s each, the time a bucket takes to fill) later, the idle ones are gone.
        advance(Duration.ofMillis(2_100));
        f.onRequest(new Context("10.2.0.1"));
        advance(Duration.ofMillis(2_100));
        f.onRequest(new Context("10.2.0.2"));
        assertThat(f.keys()).isLessThanOrEqualTo(2);
        // A bucket in use keeps its state across generations (no free burst).
        RateLimitFilter g = filter(Key.CLIENT_IP, null, 1, Duration.ofSeconds(10), 2);
        assertThat(admitted(g, busy, 3)).isEqualTo(2);
        for (int i = 0; i < 8; i++) {
            advance(Duration.ofSeconds(10));
            assertThat(admitted(g, busy, 3)).as("round %d", i).isEqualTo(1);
        }
    }

    @Test
    void aReloadWithTheSameSettingsKeepsTheBuckets() {
        RateLimitConfig config = new RateLimitConfig(Key.CLIENT_IP, null, 5, Duration.ofSeconds(1), 5);
        RateLimitFilter first = RateLimitFilter.create(config, null);
        assertThat(RateLimitFilter.create(new RateLimitConfig(Key.CLIENT_IP, null, 5, Duration.ofSeconds(1), 5), first))
                .isSameAs(first);
        assertThat(RateLimitFilter.create(new RateLimitConfig(Key.CLIENT_IP, null, 6, Duration.ofSeconds(1), 5), first))
                .isNotSameAs(first);
    }

    @Test
    void concurrentTakersNeverGetMoreThanTheBurst() throws Exception {
        RateLimitFilter f = filter(Key.ROUTE, null, 1, Duration.ofHours(1), 1000);
        Context c = new Context("10.0.0.1");
        java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> ok.addAndGet(admitted(f, c, 500)));
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(ok.get()).isEqualTo(1000);
    }

    /** A request as a filter sees it. */
    private static final class Context implements FilterContext {
        private final InetAddress address;
        private final HttpHeaders headers = new DefaultHttpHeaders();
        private String identity;

        Context(String address) throws UnknownHostException {
            this.address = InetAddress.getByName(address);
        }

        Context header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        Context identity(String id) {
            identity = id;
            return this;
        }

        @Override
        public InetAddress clientAddress() {
            return address;
        }

        @Override
        public HttpMethod method() {
            return HttpMethod.GET;
        }

        @Override
        public String path() {
            return "/";
        }

        @Override
        public String uri() {
            return "/";
        }

        @Override
        public String route() {
            return "r";
        }

        @Override
        public HttpHeaders headers() {
            return headers;
        }

        @Override
        public String identity() {
            return identity;
        }

        @Override
        public void setIdentity(String identity) {
            this.identity = identity;
        }
    }
}
