package dev.gatehouse.observability;

import dev.gatehouse.exchange.ExchangeRecord;
import io.netty.util.concurrent.FastThreadLocal;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The per-request series: {@code gatehouse_requests_total}, the request and upstream latency
 * histograms and {@code gatehouse_retries_total}, exposed to Prometheus as a collector of the
 * gateway's meter registry.
 *
 * <p>Why not Micrometer timers: every record into one of them goes through atomic adders, a
 * time-windowed maximum and a rotating histogram that reads the clock, all shared by the event
 * loops; on the request path that was most of the metrics' cost. Here each thread (in practice,
 * each event loop) counts into its own cells with plain writes, and a scrape sums the threads'
 * cells. Writes are opaque (no fence on x86), so a scrape sees every count soon, never a torn one.
 */
final class ExchangeMetrics implements MultiCollector {

    /** Histogram upper bounds in seconds, from a fast local backend to a slow report. */
    static final double[] BOUNDS_SECONDS = {
        0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, Double.POSITIVE_INFINITY,
    };
    private static final long[] BOUNDS_NANOS = new long[BOUNDS_SECONDS.length - 1];
    private static final String[] STATUS_CLASSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};
    private static final String NONE = "none";
    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);

    // Layout of one series' cells.
    private static final int REQUESTS = 0;
    private static final int RETRIES = 1;
    private static final int TOTAL_SUM = 2;
    private static final int UPSTREAM_COUNT = 3;
    private static final int UPSTREAM_SUM = 4;
    private static final int TOTAL_BUCKETS = 5;
    private static final int UPSTREAM_BUCKETS = TOTAL_BUCKETS + BOUNDS_SECONDS.length;
    private static final int CELL_COUNT = UPSTREAM_BUCKETS + BOUNDS_SECONDS.length;

    static {
        for (int i = 0; i < BOUNDS_NANOS.length; i++) {
            BOUNDS_NANOS[i] = (long) (BOUNDS_SECONDS[i] * 1e9);
        }
    }

    private record SeriesKey(String route, String pool, String endpoint, int statusClass) {
    }

    /** One thread's cells, per series; only its thread writes them. */
    private static final class Shard {
        final Map<SeriesKey, long[]> series = new ConcurrentHashMap<>();
    }

    private final List<Shard> shards = new CopyOnWriteArrayList<>();
    private final FastThreadLocal<Shard> local = new FastThreadLocal<>() {
        @Override
        protected Shard initialValue() {
            Shard shard = new Shard();
            shards.add(shard);
            return shard;
        }
    };

    /** Counts one finished exchange; called on the thread that ran it. */
    void record(ExchangeRecord r) {
        int status = r.status();
        int statusClass = status >= 100 && status < 600 ? status / 100 : 0;
        Shard shard = local.get();
        SeriesKey key = new SeriesKey(r.route(), r.pool(), r.endpoint(), statusClass);
        long[] cells = shard.series.get(key);
        if (cells == null) {
            cells = shard.series.computeIfAbsent(key, k -> new long[CELL_COUNT]);
        }
        add(cells, REQUESTS, 1);
        add(cells, TOTAL_SUM, r.totalNanos());
        add(cells, TOTAL_BUCKETS + bucket(r.totalNanos()), 1);
        if (r.upstreamNanos() >= 0) {
            add(cells, UPSTREAM_COUNT, 1);
            add(cells, UPSTREAM_SUM, r.upstreamNanos());
            add(cells, UPSTREAM_BUCKETS + bucket(r.upstreamNanos()), 1);
        }
        if (r.retries() > 0) {
            add(cells, RETRIES, r.retries());
        }
    }

    private static void add(long[] cells, int index, long delta) {
        CELLS.setOpaque(cells, index, (long) CELLS.getOpaque(cells, index) + delta);
    }

    /** The index of the first bucket whose bound holds {@code nanos} (the last one holds everything). */
    private static int bucket(long nanos) {
        int i = 0;
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
            i++;
        }
        return i;
    }

    @Override
    public MetricSnapshots collect() {
        Map<SeriesKey, long[]> sums = new LinkedHashMap<>();
        for (Shard shard : shards) {
            shard.series.forEach((key, cells) -> {
                long[] sum = sums.computeIfAbsent(key, k -> new long[CELL_COUNT]);
                for (int i = 0; i < CELL_COUNT; i++) {
                    sum[i] += (long) CELLS.getOpaque(cells, i);
                }
            });
        }
        CounterSnapshot.Builder requests = CounterSnapshot.builder().name("gatehouse_requests")
                .help("Requests answered");
        HistogramSnapshot.Builder total = HistogramSnapshot.builder().name("gatehouse_request_duration_seconds")
                .unit(Unit.SECONDS).help("From the request head to the end of the response");
        HistogramSnapshot.Builder upstream = HistogramSnapshot.builder().name("gatehouse_upstream_duration_seconds")
                .unit(Unit.SECONDS).help("From sending the request to a backend to its response head");
        Map<Labels, Long> retriesByRoute = new LinkedHashMap<>();
        sums.forEach((key, sum) -> {
            Labels labels = Labels.of("endpoint", orNone(key.endpoint()), "pool", orNone(key.pool()),
                    "route", orNone(key.route()), "status_class", STATUS_CLASSES[key.statusClass()]);
            requests.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(sum[REQUESTS]).build());
            total.dataPoint(histogram(labels, sum, TOTAL_BUCKETS, sum[TOTAL_SUM]));
            upstream.dataPoint(histogram(labels, sum, UPSTREAM_BUCKETS, sum[UPSTREAM_SUM]));
            retriesByRoute.merge(Labels.of("pool", orNone(key.pool()), "route", orNone(key.route())),
                    sum[RETRIES], Long::sum);
        });
        CounterSnapshot.Builder retries = CounterSnapshot.builder().name("gatehouse_retries")
                .help("Requests sent again to another backend");
        retriesByRoute.forEach((labels, value) ->
                retries.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(value).build()));
        return new MetricSnapshots(requests.build(), total.build(), upstream.build(), retries.build());
    }

    private static HistogramDataPointSnapshot histogram(Labels labels, long[] sum, int first, long sumNanos) {
        long[] counts = new long[BOUNDS_SECONDS.length];
        System.arraycopy(sum, first, counts, 0, counts.length);
        return HistogramDataPointSnapshot.builder().labels(labels)
                .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS_SECONDS, counts))
                .sum(sumNanos / (double) TimeUnit.SECONDS.toNanos(1)).build();
    }

    private static String orNone(String value) {
        return value == null ? NONE : value;
    }

    @Override
    public List<String> getPrometheusNames() {
        return new ArrayList<>(List.of("gatehouse_requests", "gatehouse_request_duration_seconds",
                "gatehouse_upstream_duration_seconds", "gatehouse_retries"));
    }
}
