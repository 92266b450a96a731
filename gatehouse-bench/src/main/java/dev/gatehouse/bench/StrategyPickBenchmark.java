package dev.gatehouse.bench;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.BalancerFactory;
import dev.gatehouse.balancer.BalancerSettings;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.EndpointState;
import dev.gatehouse.balancer.PoolHealthState;
import dev.gatehouse.balancer.HashKey;
import dev.gatehouse.balancer.HashKeySource;
import dev.gatehouse.balancer.PickContext;
import dev.gatehouse.balancer.PoolSnapshot;
import dev.gatehouse.config.StrategyType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
 * The cost of one pick per strategy as the proxy pays it per request: a fresh {@link PickContext}
 * (client address and a key source) and one {@link Balancer#pick}, for every {@link StrategyType}
 * at 4, 100 and 1000 endpoints.
 *
 * <p>The pool has mixed weights (1, 2, 3, …) and every endpoint has a latency sample, so weighted
 * draws and EWMA costs take their real paths. {@code load}: {@code idle} has no request in
 * flight anywhere; {@code busy} puts 1 to 4 requests in flight on every endpoint, the steady
 * state of a loaded gateway, where least connections compares counts instead of breaking ties
 * and bounded-load consistent hashing has to check the load bound. Each pick gets the next of
 * {@value #KEYS} client addresses and {@code X-User-Id} values, so hashing strategies see varying
 * keys ({@code consistent-hash} hashes {@code header:X-User-Id}, {@code ip-hash} the client IP).
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StrategyPickBenchmark {

    private static final int KEYS = 1024;

    /** Every strategy: JMH takes all constants of an enum parameter without values. */
    @Param
    StrategyType strategy;

    @Param({"4", "100", "1000"})
    int endpoints;

    @Param({"idle", "busy"})
    String load;

    private Balancer balancer;
    private final InetSocketAddress[] clients = new InetSocketAddress[KEYS];
    private final HashKeySource[] keys = new HashKeySource[KEYS];
    private int next;

    @Setup
    public void setUp() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(42);
        List<Endpoint> list = new ArrayList<>(endpoints);
        long now = System.nanoTime();
        // One pool state for all endpoints, as a compiled pool has: it keeps the in-flight total.
        PoolHealthState pool = new PoolHealthState("bench");
        for (int i = 0; i < endpoints; i++) {
            EndpointState state = new EndpointState(pool);
            state.recordLatency(1_000_000L + random.nextLong(4_000_000L), now);
            if (load.equals("busy")) {
                for (int r = 1 + random.nextInt(4); r > 0; r--) {
                    state.requestStarted();
                }
            }
            // A literal address is resolved without DNS.
            list.add(new Endpoint("e" + i, new InetSocketAddress("10.0." + (i / 250) + "." + (i % 250 + 1), 8080),
                    1 + i % 3, i, state));
        }
        PoolSnapshot snapshot = new PoolSnapshot("bench", list);
        BalancerSettings settings = new BalancerSettings(HashKey.parse("header:X-User-Id"),
                BalancerSettings.DEFAULTS.boundedLoad(), BalancerSettings.DEFAULTS.ewmaDecay(), null);
        balancer = BalancerFactory.create(strategy, settings, snapshot, null);
        for (int k = 0; k < KEYS; k++) {
            byte[] ip = {(byte) 192, (byte) 168, (byte) (k >> 8), (byte) k};
            clients[k] = new InetSocketAddress(InetAddress.getByAddress(ip), 40_000 + k);
            keys[k] = new UserIdSource("user-" + random.nextLong(1_000_000_000L));
        }
    }

    @Benchmark
    public Endpoint pick() {
        int k = next++ & (KEYS - 1);
        return balancer.pick(new PickContext(clients[k], keys[k]));
    }

    /** A request that carries {@code X-User-Id}. */
    private record UserIdSource(String userId) implements HashKeySource {

        @Override
        public String header(String name) {
            return name.equals("X-User-Id") ? userId : null;
        }

        @Override
        public String path() {
            return "/";
        }
    }
}
