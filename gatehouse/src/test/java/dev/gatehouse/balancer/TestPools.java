package dev.gatehouse.balancer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Builds pools and requests for balancer tests, and counts where picks go. */
public final class TestPools {

    private TestPools() {
    }

    /** A pool of endpoints written {@code "A"} (weight 1) or {@code "A:3"}, at 10.0.0.x:8080. */
    public static PoolSnapshot pool(String... specs) {
        return namedPool("web", specs);
    }

    /** Like {@link #pool(String...)}, for a pool with another name than {@code web}. */
    public static PoolSnapshot namedPool(String poolName, String... specs) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.split(":");
            int weight = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
            InetSocketAddress address = address(0, endpoints.size());
            endpoints.add(new Endpoint(parts[0], address, weight, endpoints.size(), new EndpointState()));
        }
        return new PoolSnapshot(poolName, endpoints);
    }

    /**
     * The same pool with other members, in the order given: endpoints already in {@code previous}
     * keep their state, as a reload keeps them.
     */
    public static PoolSnapshot reload(PoolSnapshot previous, String... specs) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.split(":");
            int weight = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
            Endpoint old = previous.find(parts[0]);
            InetSocketAddress address = old != null ? old.address() : address(1, endpoints.size());
            endpoints.add(new Endpoint(parts[0], address, weight, endpoints.size(),
                    old != null ? old.state() : new EndpointState()));
        }
        return new PoolSnapshot(previous.name(), endpoints);
    }

    /** 10.{generation}.x.y:8080: always an IP literal, so nothing is looked up in DNS. */
    private static InetSocketAddress address(int generation, int index) {
        return new InetSocketAddress("10." + generation + "." + (index >> 8 & 0xFF) + "." + (index & 0xFF), 8080);
    }

    /** A request without client address or keys. */
    public static PickContext request() {
        return new PickContext(null, null);
    }

    /** A request from {@code ip}. */
    public static PickContext from(String ip) {
        return new PickContext(new InetSocketAddress(ip, 40000), null);
    }

    /** A request from {@code ip} with these keys. */
    public static PickContext request(String ip, Keys keys) {
        return new PickContext(ip == null ? null : new InetSocketAddress(ip, 40000), keys);
    }

    /** Endpoint name → picks, over {@code picks} fresh requests. */
    public static Map<String, Integer> count(Balancer balancer, int picks) {
        return count(balancer, picks, TestPools::request);
    }

    public static Map<String, Integer> count(Balancer balancer, int picks, Supplier<PickContext> requests) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < picks; i++) {
            Endpoint e = balancer.pick(requests.get());
            counts.merge(e == null ? "none" : e.name(), 1, Integer::sum);
        }
        return counts;
    }

    /** The names of {@code picks} consecutive picks. */
    public static List<String> names(Balancer balancer, int picks) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < picks; i++) {
            Endpoint e = balancer.pick(request());
            names.add(e == null ? null : e.name());
        }
        return names;
    }

    /** Request attributes for hashing and affinity. */
    public record Keys(Map<String, String> headers, Map<String, String> cookies, Map<String, String> query, String path)
            implements HashKeySource {

        public static Keys header(String name, String value) {
            return new Keys(Map.of(name.toLowerCase(), value), Map.of(), Map.of(), null);
        }

        public static Keys cookie(String name, String value) {
            return new Keys(Map.of(), Map.of(name, value), Map.of(), null);
        }

        @Override
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        @Override
        public String cookie(String name) {
            return cookies.get(name);
        }

        @Override
        public String query(String name) {
            return query.get(name);
        }
    }

    /** A {@link System#nanoTime()} stand-in that moves only when told. */
    public static final class FakeClock implements LongSupplier {

        private long nanos = 1_000_000_000L;

        @Override
        public long getAsLong() {
            return nanos;
        }

        public void advance(Duration by) {
            nanos += by.toNanos();
        }
    }
}
