package dev.gatehouse.balancer.affinity;

import static dev.gatehouse.balancer.TestPools.namedPool;
import static dev.gatehouse.balancer.TestPools.pool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.BalancerFactory;
import dev.gatehouse.balancer.BalancerSettings;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.HashKey;
import dev.gatehouse.balancer.PickContext;
import dev.gatehouse.balancer.PoolSnapshot;
import dev.gatehouse.balancer.TestPools;
import dev.gatehouse.balancer.TestPools.FakeClock;
import dev.gatehouse.balancer.TestPools.Keys;
import dev.gatehouse.balancer.strategy.LeastConnectionsBalancer;
import dev.gatehouse.balancer.strategy.RoundRobinBalancer;
import dev.gatehouse.config.AffinityConfig;
import dev.gatehouse.config.AffinityConfig.Type;
import dev.gatehouse.config.StrategyType;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AffinityBalancerTest {

    private static final String SECRET = "a-shared-secret-of-32-characters";
    private static final AffinityConfig COOKIE = new AffinityConfig(Type.COOKIE, "GH_AFFINITY", null, 1, null, SECRET);

    private final FakeClock clock = new FakeClock();
    private final SplittableRandom random = new SplittableRandom(13);

    // --- cookie ---

    @Test
    void cookieRoundTripKeepsTheClientOnItsEndpoint() {
        AffinityBalancer balancer = cookieBalancer(pool("A", "B", "C", "D"), COOKIE);

        PickContext first = cookieRequest(null);
        Endpoint chosen = balancer.pick(first);
        String setCookie = first.affinityCookieToSet();

        assertThat(setCookie).matches("GH_AFFINITY=[A-Za-z0-9_-]{24}; Path=/; HttpOnly; SameSite=Lax");
        for (int i = 0; i < 100; i++) {
            PickContext next = cookieRequest(valueOf(setCookie));
            assertThat(balancer.pick(next)).isSameAs(chosen);
            assertThat(next.affinityCookieToSet()).as("a session cookie is not sent again").isNull();
        }
    }

    @Test
    void cookieValueIsOpaqueAndDiffersPerEndpoint() {
        PoolSnapshot pool = pool("alpha", "bravo");
        AffinityBalancer balancer = cookieBalancer(pool, COOKIE);

        String a = valueOf(cookieFor(balancer, "alpha"));
        String b = valueOf(cookieFor(balancer, "bravo"));

        assertThat(a).isNotEqualTo(b);
        for (String value : new String[] {a, b}) {
            assertThat(value).hasSize(24);
            for (Endpoint e : pool.endpoints()) {
                assertThat(value).doesNotContain(e.address().getHostString()).doesNotContain(e.name());
            }
        }
    }

    @Test
    void aTamperedCookieIsIgnoredAndReplaced() {
        AffinityBalancer balancer = cookieBalancer(pool("A", "B", "C", "D"), COOKIE);
        String value = valueOf(cookieFor(balancer, "C"));
        char last = value.charAt(value.length() - 1);
        String tampered = value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A');

        int onC = 0;
        for (int i = 0; i < 8; i++) {
            PickContext request = cookieRequest(tampered);
            Endpoint e = balancer.pick(request);
            onC += e.name().equals("C") ? 1 : 0;
            assertThat(request.affinityCookieToSet()).isEqualTo(cookieFor(balancer, e.name()));
        }
        assertThat(onC).as("round robin, not the forged pin").isEqualTo(2);
    }

    @Test
    void garbageCookiesAreIgnored() {
        AffinityBalancer balancer = cookieBalancer(pool("A", "B"), COOKIE);

        for (String garbage : new String[] {"", "A", "10.0.0.1:8080", "!!!!!!!!!!!!!!!!!!!!!!!!", "x".repeat(5000)}) {
            PickContext request = cookieRequest(garbage);
            assertThat(balancer.pick(request)).isNotNull();
            assertThat(request.affinityCookieToSet()).isNotNull();
        }
    }

    @Test
    void aCookieOfAnotherPoolOrSecretIsNotAccepted() {
        String value = valueOf(cookieFor(cookieBalancer(namedPool("web", "A", "B"), COOKIE), "B"));

        AffinityBalancer otherPool = cookieBalancer(namedPool("api", "A", "B"), COOKIE);
        AffinityConfig otherSecret = new AffinityConfig(Type.COOKIE, "GH_AFFINITY", null, 1, null, "another-secret-0123456789");
        AffinityBalancer otherKey = cookieBalancer(namedPool("web", "A", "B"), otherSecret);

        for (AffinityBalancer balancer : new AffinityBalancer[] {otherPool, otherKey}) {
            PickContext request = cookieRequest(value);
            Endpoint e = balancer.pick(request);
            assertThat(request.affinityCookieToSet()).as("re-pinned").isNotNull().doesNotContain(value);
            assertThat(e.name()).isEqualTo("A"); // round robin's first pick, not the cookie's B
        }
    }

    @Test
    void replicasWithTheSameSecretAcceptEachOthersCookies() {
        AffinityBalancer one = cookieBalancer(pool("A", "B", "C"), COOKIE);
        AffinityBalancer two = cookieBalancer(pool("C", "B", "A"), COOKIE); // another order, same names

        for (String name : new String[] {"A", "B", "C"}) {
            PickContext request = cookieRequest(valueOf(cookieFor(one, name)));
            assertThat(two.pick(request).name()).isEqualTo(name);
            assertThat(cookieFor(two, name)).isEqualTo(cookieFor(one, name));
        }
    }

    @Test
    void whenThePinnedEndpointIsNotReadyOnlyItsClientsMoveAndAreRepinned() {
        PoolSnapshot pool = pool("A", "B", "C");
        AffinityBalancer balancer = cookieBalancer(pool, COOKIE);
        String onA = valueOf(cookieFor(balancer, "A"));
        String onB = valueOf(cookieFor(balancer, "B"));

        pool.get(0).state().setReady(false);
        PickContext moved = cookieRequest(onA);
        Endpoint replacement = balancer.pick(moved);
        PickContext stays = cookieRequest(onB);

        assertThat(replacement.name()).isNotEqualTo("A");
        assertThat(moved.affinityCookieToSet()).isEqualTo(cookieFor(balancer, replacement.name()));
        assertThat(balancer.pick(stays).name()).isEqualTo("B");
        assertThat(stays.affinityCookieToSet()).isNull();

        // Repinned: the client stays on its new endpoint, even once A is back.
        pool.get(0).state().setReady(true);
        String repinned = valueOf(moved.affinityCookieToSet());
        for (int i = 0; i < 20; i++) {
            assertThat(balancer.pick(cookieRequest(repinned))).isSameAs(replacement);
        }
    }

    @Test
    void aRetryAfterThePinnedEndpointFailedRepinsTheClient() {
        PoolSnapshot pool = pool("A", "B", "C");
        AffinityBalancer balancer = cookieBalancer(pool, COOKIE);
        PickContext request = cookieRequest(valueOf(cookieFor(balancer, "B")));

        Endpoint first = balancer.pick(request);
        request.markTried(first);
        Endpoint retry = balancer.pick(request);

        assertThat(first.name()).isEqualTo("B");
        assertThat(retry.name()).isNotEqualTo("B");
        assertThat(request.affinityCookieToSet()).isEqualTo(cookieFor(balancer, retry.name()));
    }

    @Test
    void aTtlBecomesAMaxAgeRefreshedOnEveryResponse() {
        AffinityConfig config = new AffinityConfig(Type.COOKIE, "route", Duration.ofHours(1), 1, null, SECRET);
        AffinityBalancer balancer = cookieBalancer(pool("A", "B"), config);

        String setCookie = cookieFor(balancer, "B");
        PickContext again = new PickContext(null, Keys.cookie("route", valueOf(setCookie)));
        balancer.pick(again);

        assertThat(setCookie).startsWith("route=").endsWith("; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600");
        assertThat(again.affinityCookieToSet()).isEqualTo(setCookie);
    }

    // --- table ---

    @Test
    void tableKeepsEachClientOnItsEndpointWhateverTheLoad() {
        PoolSnapshot pool = pool("A", "B", "C", "D");
        AffinityBalancer balancer = tableBalancer(pool, AffinityConfig.table(), null);

        Map<String, Endpoint> first = new HashMap<>();
        for (int round = 0; round < 100; round++) {
            for (int client = 1; client <= 20; client++) {
                String ip = "192.0.2." + client;
                Endpoint e = balancer.pick(TestPools.from(ip));
                e.state().requestStarted(); // load builds up; least connections alone would move clients
                assertThat(first.computeIfAbsent(ip, k -> e)).isSameAs(e);
            }
        }
        assertThat(balancer.tableSize()).isEqualTo(20);
        assertThat(first.values()).extracting(Endpoint::name).contains("A", "B", "C", "D");
    }

    @Test
    void tableMovesOnlyTheClientsOfAnEndpointThatIsNotReady() {
        PoolSnapshot pool = pool("A", "B", "C", "D");
        AffinityBalancer balancer = tableBalancer(pool, AffinityConfig.table(), null);
        Map<String, String> before = new HashMap<>();
        for (int client = 1; client <= 40; client++) {
            before.put("192.0.2." + client, balancer.pick(TestPools.from("192.0.2." + client)).name());
        }

        pool.get(1).state().setReady(false);
        Map<String, String> after = new HashMap<>();
        before.keySet().forEach(ip -> after.put(ip, balancer.pick(TestPools.from(ip)).name()));
        pool.get(1).state().setReady(true);

        before.forEach((ip, name) -> {
            if (name.equals("B")) {
                assertThat(after.get(ip)).isNotEqualTo("B");
                // Repinned: back on the new endpoint, not B, now that B is ready again.
                assertThat(balancer.pick(TestPools.from(ip)).name()).isEqualTo(after.get(ip));
            } else {
                assertThat(after.get(ip)).isEqualTo(name);
            }
        });
    }

    @Test
    void tableKeyedOnAHeaderLeavesRequestsWithoutItUnpinned() {
        AffinityConfig config = new AffinityConfig(Type.TABLE, null, Duration.ofMinutes(5), 100, "header:X-Session", null);
        AffinityBalancer balancer = tableBalancer(pool("A", "B", "C"), config, null);

        Endpoint pinned = balancer.pick(TestPools.request(null, Keys.header("X-Session", "s1")));
        for (int i = 0; i < 10; i++) {
            assertThat(balancer.pick(TestPools.request("192.0.2.1", Keys.header("X-Session", "s1")))).isSameAs(pinned);
            balancer.pick(TestPools.from("192.0.2.1"));
        }

        assertThat(balancer.tableSize()).isEqualTo(1);
    }

    @Test
    void tableEntriesExpireAfterTheirTtl() {
        AffinityConfig config = new AffinityConfig(Type.TABLE, null, Duration.ofMinutes(5), 100, "client-ip", null);
        PoolSnapshot pool = pool("A", "B", "C");
        AffinityBalancer balancer = AffinityBalancer.create(config, HashKey.CLIENT_IP, pool,
                new RoundRobinBalancer(pool, null), null, clock);
        Endpoint pinned = balancer.pick(TestPools.from("192.0.2.9"));

        clock.advance(Duration.ofMinutes(6));

        assertThat(balancer.table().get("192.0.2.9")).isNull();
        assertThat(balancer.pick(TestPools.from("192.0.2.9"))).isNotSameAs(pinned); // round robin's next
    }

    @Test
    void tableLivesAcrossReloads() {
        PoolSnapshot pool = pool("A", "B", "C");
        AffinityBalancer first = tableBalancer(pool, AffinityConfig.table(), null);
        Endpoint pinned = first.pick(TestPools.from("192.0.2.1"));

        PoolSnapshot reloaded = TestPools.reload(pool, "A", "B", "C", "D");
        AffinityBalancer second = tableBalancer(reloaded, AffinityConfig.table(), first);

        assertThat(second.table()).isSameAs(first.table());
        assertThat(second.pick(TestPools.from("192.0.2.1")).name()).isEqualTo(pinned.name());
    }

    // --- hash ---

    @Test
    void hashAffinityIsStickyAndMovesOnlyWhileTheEndpointIsNotReady() {
        PoolSnapshot pool = pool("A", "B", "C", "D");
        AffinityBalancer balancer = AffinityBalancer.create(AffinityConfig.hash(), HashKey.CLIENT_IP, pool,
                new RoundRobinBalancer(pool, null), null, clock);
        Map<String, String> home = new HashMap<>();
        for (int client = 1; client <= 40; client++) {
            String ip = "198.51.100." + client;
            home.put(ip, balancer.pick(TestPools.from(ip)).name());
            for (int i = 0; i < 5; i++) {
                assertThat(balancer.pick(TestPools.from(ip)).name()).isEqualTo(home.get(ip));
            }
        }

        Endpoint down = pool.find(home.get("198.51.100.1"));
        down.state().setReady(false);
        home.forEach((ip, name) -> {
            String now = balancer.pick(TestPools.from(ip)).name();
            if (name.equals(down.name())) {
                assertThat(now).isNotEqualTo(name);
            } else {
                assertThat(now).isEqualTo(name);
            }
        });
    }

    @Test
    void hashAffinityBalancesRequestsWithoutTheKeyThroughTheStrategy() {
        PoolSnapshot pool = pool("A", "B");
        AffinityConfig config = new AffinityConfig(Type.HASH, null, null, 1, "header:X-User", null);
        AffinityBalancer balancer = AffinityBalancer.create(config, HashKey.CLIENT_IP, pool,
                new RoundRobinBalancer(pool, null), null, clock);

        assertThat(TestPools.count(balancer, 10)).containsEntry("A", 5).containsEntry("B", 5);
    }

    // --- factory ---

    @Test
    void theFactoryWrapsTheStrategyAndCarriesItsWarmStateThroughTheWrapper() {
        PoolSnapshot pool = pool("A:3", "B", "C", "D");
        BalancerSettings settings = BalancerSettings.DEFAULTS.withAffinity(AffinityConfig.table());
        Balancer first = BalancerFactory.create(StrategyType.WEIGHTED, settings, pool, null);
        assertThat(TestPools.names(first, 2)).containsExactly("A", "B"); // no client address: not pinned

        Balancer second = BalancerFactory.create(StrategyType.WEIGHTED, settings, TestPools.reload(pool, "A:3", "B", "C", "D"), first);
        assertThat(second).isInstanceOf(AffinityBalancer.class);
        assertThat(((AffinityBalancer) second).table()).isSameAs(((AffinityBalancer) first).table());
        assertThat(TestPools.names(second, 2)).containsExactly("A", "C");

        Balancer stateless = BalancerFactory.create(StrategyType.WEIGHTED, BalancerSettings.DEFAULTS, second.snapshot(), second);
        assertThat(stateless).isNotInstanceOf(AffinityBalancer.class);
        assertThat(TestPools.names(stateless, 2)).containsExactly("D", "A");
    }

    private AffinityBalancer cookieBalancer(PoolSnapshot pool, AffinityConfig config) {
        return AffinityBalancer.create(config, HashKey.CLIENT_IP, pool, new RoundRobinBalancer(pool, null), null, clock);
    }

    private AffinityBalancer tableBalancer(PoolSnapshot pool, AffinityConfig config, Balancer previous) {
        return AffinityBalancer.create(config, HashKey.CLIENT_IP, pool, new LeastConnectionsBalancer(pool, () -> random),
                previous, clock);
    }

    /** The Set-Cookie that pins a client to {@code name}: picks until the strategy lands there. */
    private static String cookieFor(AffinityBalancer balancer, String name) {
        for (int i = 0; i < 100; i++) {
            PickContext request = cookieRequest(null);
            if (balancer.pick(request).name().equals(name)) {
                return request.affinityCookieToSet();
            }
        }
        throw new AssertionError("never picked " + name);
    }

    private static PickContext cookieRequest(String cookieValue) {
        return new PickContext(null, cookieValue == null ? null : Keys.cookie("GH_AFFINITY", cookieValue));
    }

    private static String valueOf(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }
}
