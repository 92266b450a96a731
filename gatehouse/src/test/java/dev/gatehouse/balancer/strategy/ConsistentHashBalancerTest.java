package dev.gatehouse.balancer.strategy;

import static dev.gatehouse.balancer.TestPools.from;
import static dev.gatehouse.balancer.TestPools.pool;
import static dev.gatehouse.balancer.TestPools.reload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.HashKey;
import dev.gatehouse.balancer.PickContext;
import dev.gatehouse.balancer.PoolSnapshot;
import dev.gatehouse.balancer.TestPools;
import dev.gatehouse.balancer.TestPools.Keys;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConsistentHashBalancerTest {

    private static final HashKey USER = HashKey.parse("header:X-User-Id");
    private static final int KEYS = 10_000;

    private final SplittableRandom random = new SplittableRandom(5);

    @Test
    void removingOneOfTenBackendsRemapsOnlyItsOwnKeysAtMostFifteenPercent() {
        PoolSnapshot ten = pool(names(10));
        Map<String, String> before = assignments(unbounded(ten));

        PoolSnapshot nine = reload(ten, without(names(10), "b3"));
        Map<String, String> after = assignments(unbounded(nine));

        int moved = 0;
        for (String key : before.keySet()) {
            if (!before.get(key).equals(after.get(key))) {
                moved++;
                assertThat(before.get(key)).as("only keys of the removed backend move").isEqualTo("b3");
            }
        }
        assertThat(moved).isLessThanOrEqualTo(KEYS * 15 / 100).isPositive();
    }

    @Test
    void addingABackendRemapsAtMostFifteenPercentAllToTheNewOne() {
        PoolSnapshot ten = pool(names(10));
        Map<String, String> before = assignments(unbounded(ten));

        PoolSnapshot eleven = reload(ten, names(11));
        Map<String, String> after = assignments(unbounded(eleven));

        int moved = 0;
        for (String key : before.keySet()) {
            if (!before.get(key).equals(after.get(key))) {
                moved++;
                assertThat(after.get(key)).as("keys only move to the new backend").isEqualTo("b10");
            }
        }
        assertThat(moved).isLessThanOrEqualTo(KEYS * 15 / 100).isPositive();
    }

    @Test
    void twoIndependentlyBuiltBalancersGiveTheSameAnswerForEveryKeyWhateverTheConfigOrder() {
        List<String> shuffled = new ArrayList<>(List.of(names(10)));
        Collections.shuffle(shuffled, new Random(1));
        ConsistentHashBalancer one = new ConsistentHashBalancer(pool(names(10)), USER, 0.25, () -> random);
        ConsistentHashBalancer two = new ConsistentHashBalancer(pool(shuffled.toArray(new String[0])), USER, 0.25,
                SplittableRandom::new);

        assertThat(assignments(two)).isEqualTo(assignments(one));
    }

    @Test
    void keysSpreadEvenlyAndByWeight() {
        ConsistentHashBalancer balancer = unbounded(pool("A:2", "B", "C", "D"));

        Map<String, Integer> counts = new TreeMap<>();
        assignments(balancer).values().forEach(name -> counts.merge(name, 1, Integer::sum));

        assertThat(counts.get("A") / (double) KEYS).isCloseTo(0.4, within(0.05));
        assertThat(counts.get("B") / (double) KEYS).isCloseTo(0.2, within(0.05));
    }

    @Test
    void boundedLoadKeepsEveryBackendWithinOnePlusEpsilonOfTheMeanEvenWithAHotKey() {
        double epsilon = 0.25;
        PoolSnapshot pool = pool(names(10));
        ConsistentHashBalancer balancer = new ConsistentHashBalancer(pool, USER, epsilon, () -> random);
        SplittableRandom keys = new SplittableRandom(9);

        // 2,000 requests held open; a third of them carry the same (hot) key.
        for (int i = 0; i < 2_000; i++) {
            String user = keys.nextInt(3) == 0 ? "hot" : "user-" + keys.nextInt(KEYS);
            Endpoint e = balancer.pick(user(user));
            e.state().requestStarted();
            // Some requests finish, so the bound is checked against a moving total too.
            if (i % 5 == 0) {
                Endpoint done = pool.get(keys.nextInt(pool.size()));
                if (done.state().inFlight() > 0) {
                    done.state().requestFinished(false);
                }
            }
            assertWithinBound(pool, epsilon);
        }
    }

    @Test
    void withoutABoundAHotKeyStaysOnItsBackend() {
        PoolSnapshot pool = pool(names(10));
        ConsistentHashBalancer balancer = unbounded(pool);

        Endpoint first = balancer.pick(user("hot"));
        for (int i = 0; i < 100; i++) {
            Endpoint e = balancer.pick(user("hot"));
            e.state().requestStarted();
            assertThat(e).isSameAs(first);
        }
    }

    @Test
    void aKeysBackendNotReadyPassesItsKeysToTheNextOnTheRingOnly() {
        PoolSnapshot pool = pool(names(10));
        ConsistentHashBalancer balancer = unbounded(pool);
        Map<String, String> before = assignments(balancer);

        pool.get(4).state().setReady(false);
        Map<String, String> after = assignments(balancer);

        before.forEach((key, name) -> {
            if (!name.equals("b4")) {
                assertThat(after.get(key)).isEqualTo(name);
            } else {
                assertThat(after.get(key)).isNotEqualTo("b4");
            }
        });
    }

    @Test
    void ipHashKeysOnTheClientAddressNotItsPort() {
        ConsistentHashBalancer balancer = new ConsistentHashBalancer(pool(names(10)));

        Map<String, Integer> spread = new TreeMap<>();
        for (int i = 1; i <= 200; i++) {
            String ip = "192.168.1." + i;
            Endpoint e = balancer.pick(from(ip));
            PickContext otherPort = new PickContext(new InetSocketAddress(ip, 50_000 + i), null);
            assertThat(balancer.pick(otherPort)).isSameAs(e);
            spread.merge(e.name(), 1, Integer::sum);
        }
        assertThat(spread).hasSizeGreaterThan(5);
    }

    @Test
    void aRequestWithoutTheKeyIsHashedOnItsClientAddress() {
        ConsistentHashBalancer balancer = unbounded(pool(names(10)));
        ConsistentHashBalancer byIp = new ConsistentHashBalancer(pool(names(10)), HashKey.CLIENT_IP,
                Double.POSITIVE_INFINITY, () -> random);

        for (int i = 1; i <= 50; i++) {
            String ip = "172.16.0." + i;
            assertThat(balancer.pick(from(ip)).name()).isEqualTo(byIp.pick(from(ip)).name());
        }
    }

    @Test
    void aRequestWithNeitherKeyNorAddressStillGetsAnEndpoint() {
        ConsistentHashBalancer balancer = unbounded(pool(names(4)));

        assertThat(balancer.pick(TestPools.request())).isNotNull();
    }

    @Test
    void otherKeysReadTheirRequestAttribute() {
        ConsistentHashBalancer byCookie = new ConsistentHashBalancer(pool(names(10)), HashKey.parse("cookie:session"),
                0.25, () -> random);
        ConsistentHashBalancer byHeader = unbounded(pool(names(10)));

        for (int i = 0; i < 50; i++) {
            String value = "s" + i;
            assertThat(byCookie.pick(cookie("session", value)).name())
                    .isEqualTo(byHeader.pick(user(value)).name());
        }
    }

    @Test
    void epsilonMustBePositive() {
        assertThatThrownBy(() -> new ConsistentHashBalancer(pool("A"), USER, 0, () -> random))
                .hasMessage("epsilon: 0.0 (expected: > 0)");
    }

    private void assertWithinBound(PoolSnapshot pool, double epsilon) {
        int total = 0;
        int max = 0;
        for (Endpoint e : pool.endpoints()) {
            total += e.state().inFlight();
            max = Math.max(max, e.state().inFlight());
        }
        double mean = (double) total / pool.size();
        assertThat(max).isLessThanOrEqualTo((int) Math.ceil((1 + epsilon) * mean));
    }

    private ConsistentHashBalancer unbounded(PoolSnapshot pool) {
        return new ConsistentHashBalancer(pool, USER, Double.POSITIVE_INFINITY, () -> random);
    }

    private static Map<String, String> assignments(ConsistentHashBalancer balancer) {
        Map<String, String> assignments = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            String key = "user-" + i;
            assignments.put(key, balancer.pick(user(key)).name());
        }
        return assignments;
    }

    private static PickContext user(String id) {
        return TestPools.request(null, Keys.header("X-User-Id", id));
    }

    private static PickContext cookie(String name, String value) {
        return TestPools.request(null, Keys.cookie(name, value));
    }

    private static String[] names(int n) {
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = "b" + i;
        }
        return names;
    }

    private static String[] without(String[] names, String removed) {
        return Arrays.stream(names).filter(n -> !n.equals(removed)).toArray(String[]::new);
    }
}
