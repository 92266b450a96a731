package dev.gatehouse.bench;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.EndpointState;
import dev.gatehouse.balancer.PickContext;
import dev.gatehouse.balancer.PoolSnapshot;
import dev.gatehouse.balancer.strategy.RoundRobinBalancer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one {@link RoundRobinBalancer#pick} as the proxy pays it per request: a fresh
 * {@link PickContext} and one pick, at 4, 100 and 1000 endpoints.
 *
 * <p>{@code allReady} is the common case (the first candidate is taken: one atomic increment).
 * {@code halfNotReady} marks every other endpoint not ready, so about half of the picks have to
 * skip one endpoint; it shows what an outage of half the pool costs on the pick path. Both should
 * stay flat as the pool grows, since round robin never scans more than the unready run it lands on.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoundRobinPickBenchmark {

    @Param({"4", "100", "1000"})
    int endpoints;

    private RoundRobinBalancer allReady;
    private RoundRobinBalancer halfNotReady;

    @Setup
    public void setUp() {
        allReady = new RoundRobinBalancer(pool(endpoints, false), null);
        halfNotReady = new RoundRobinBalancer(pool(endpoints, true), null);
    }

    private static PoolSnapshot pool(int size, boolean oddNotReady) {
        List<Endpoint> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            // A literal address is resolved without DNS.
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", 10_000 + i);
            EndpointState state = new EndpointState();
            if (oddNotReady && i % 2 == 1) {
                state.setReady(false);
            }
            list.add(new Endpoint("e" + i, address, 1, i, state));
        }
        return new PoolSnapshot("bench", list);
    }

    @Benchmark
    public Endpoint allReady() {
        return allReady.pick(new PickContext(null, null));
    }

    @Benchmark
    public Endpoint halfNotReady() {
        return halfNotReady.pick(new PickContext(null, null));
    }
}
