package dev.gatehouse.balancer.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.EndpointState;
import dev.gatehouse.balancer.PickContext;
import dev.gatehouse.balancer.PoolSnapshot;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundRobinBalancerTest {

    @Test
    void picksInConfigOrderAndWrapsAround() {
        RoundRobinBalancer balancer = new RoundRobinBalancer(pool("A", "B", "C", "D"), null);

        assertThat(names(balancer, 9)).containsExactly("A", "B", "C", "D", "A", "B", "C", "D", "A");
    }

    @Test
    void skipsEndpointsThatAreNotReady() {
        PoolSnapshot pool = pool("A", "B", "C", "D");
        pool.get(1).state().setReady(false);
        RoundRobinBalancer balancer = new RoundRobinBalancer(pool, null);

        // B's turns spread over the ready ones: each of A, C, D serves a third.
        assertThat(names(balancer, 9)).doesNotContain("B").containsOnly("A", "C", "D")
                .filteredOn("A"::equals).hasSize(3);
    }

    @Test
    void anEndpointThatBecomesReadyAgainGetsItsTurnBack() {
        PoolSnapshot pool = pool("A", "B", "C");
        RoundRobinBalancer balancer = new RoundRobinBalancer(pool, null);
        pool.get(1).state().setReady(false);
        assertThat(names(balancer, 3)).doesNotContain("B");

        pool.get(1).state().setReady(true);
        assertThat(names(balancer, 3)).containsExactlyInAnyOrder("A", "B", "C");
    }

    @Test
    void skipsEndpointsAlreadyTriedForTheRequest() {
        PoolSnapshot pool = pool("A", "B", "C", "D");
        RoundRobinBalancer balancer = new RoundRobinBalancer(pool, null);
        PickContext context = new PickContext(null, null);
        context.markTried(pool.get(0));
        context.markTried(pool.get(1));

        List<String> picked = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            picked.add(balancer.pick(context).name());
        }

        // A's and B's turns fall to the next untried endpoint.
        assertThat(picked).doesNotContain("A", "B").contains("C", "D");
        assertThat(picked.get(0)).isEqualTo("C");
    }

    @Test
    void aRetryNeverGetsTheSameEndpointTwice() {
        PoolSnapshot pool = pool("A", "B", "C", "D");
        RoundRobinBalancer balancer = new RoundRobinBalancer(pool, null);
        PickContext context = new PickContext(null, null);
        List<String> picked = new ArrayList<>();
        Endpoint e;
        while ((e = balancer.pick(context)) != null) {
            picked.add(e.name());
            context.markTried(e);
        }

        assertThat(picked).containsExactlyInAnyOrder("A", "B", "C", "D");
        assertThat(context.attempts()).isEqualTo(4);
    }

    @Test
    void returnsNullWhenEveryEndpointWasTried() {
        PoolSnapshot pool = pool("A", "B", "C");
        RoundRobinBalancer balancer = new RoundRobinBalancer(pool, null);
        PickContext context = new PickContext(null, null);
        pool.endpoints().forEach(context::markTried);

        assertThat(balancer.pick(context)).isNull();
        assertThat(balancer.pick(context)).isNull();
    }

    @Test
    void returnsNullWhenNoEndpointIsReady() {
        PoolSnapshot pool = pool("A", "B", "C");
        pool.endpoints().forEach(e -> e.state().setReady(false));
        RoundRobinBalancer balancer = new RoundRobinBalancer(pool, null);

        assertThat(balancer.pick(new PickContext(null, null))).isNull();
    }

    @Test
    void returnsNullWhenTheReadyOnesWereTried() {
        PoolSnapshot pool = pool("A", "B", "C");
        pool.get(0).state().setReady(false);
        pool.get(2).state().setReady(false);
        RoundRobinBalancer balancer = new RoundRobinBalancer(pool, null);
        PickContext context = new PickContext(null, null);
        context.markTried(pool.get(1));

        assertThat(balancer.pick(context)).isNull();
    }

    @Test
    void anEmptyPoolReturnsNull() {
        RoundRobinBalancer balancer = new RoundRobinBalancer(new PoolSnapshot("empty", List.of()), null);

        assertThat(balancer.pick(new PickContext(null, null))).isNull();
        assertThat(balancer.snapshot().size()).isZero();
    }

    @Test
    void aRebuiltBalancerContinuesTheRotationOfThePreviousOne() {
        RoundRobinBalancer first = new RoundRobinBalancer(pool("A", "B", "C", "D"), null);
        assertThat(names(first, 2)).containsExactly("A", "B");

        RoundRobinBalancer second = new RoundRobinBalancer(pool("A", "B", "C", "D"), first);
        assertThat(names(second, 3)).containsExactly("C", "D", "A");

        // A smaller pool: the carried position (5) wraps modulo the new size (3).
        RoundRobinBalancer third = new RoundRobinBalancer(pool("A", "B", "C"), second);
        assertThat(names(third, 3)).containsExactly("C", "A", "B");
    }

    @Test
    void aPreviousBalancerOfAnotherKindStartsFromTheFirstEndpoint() {
        PoolSnapshot pool = pool("A", "B");
        Balancer other = new Balancer() {
            @Override
            public Endpoint pick(PickContext context) {
                return null;
            }

            @Override
            public PoolSnapshot snapshot() {
                return pool;
            }
        };

        assertThat(names(new RoundRobinBalancer(pool, other), 3)).containsExactly("A", "B", "A");
    }

    @Test
    void snapshotIsTheOneItWasBuiltFrom() {
        PoolSnapshot pool = pool("A");
        assertThat(new RoundRobinBalancer(pool, null).snapshot()).isSameAs(pool);
    }

    @Test
    void endpointsWithIndexesAbove64CanBeSkippedAsTried() {
        String[] names = new String[100];
        for (int i = 0; i < names.length; i++) {
            names[i] = "e" + i;
        }
        PoolSnapshot pool = pool(names);
        RoundRobinBalancer balancer = new RoundRobinBalancer(pool, null);
        PickContext context = new PickContext(null, null);
        for (Endpoint e : pool.endpoints()) {
            if (e.index() != 70 && e.index() != 99) {
                context.markTried(e);
            }
        }

        assertThat(balancer.pick(context).name()).isEqualTo("e70");
        context.markTried(pool.get(70));
        assertThat(balancer.pick(context).name()).isEqualTo("e99");
        context.markTried(pool.get(99));
        assertThat(balancer.pick(context)).isNull();
    }

    @Test
    void aFullRotationOverAHundredEndpointsVisitsEachOnce() {
        String[] names = new String[100];
        for (int i = 0; i < names.length; i++) {
            names[i] = "e" + i;
        }
        RoundRobinBalancer balancer = new RoundRobinBalancer(pool(names), null);

        assertThat(names(balancer, 100)).containsExactly(names);
    }

    private static List<String> names(RoundRobinBalancer balancer, int picks) {
        List<String> out = new ArrayList<>(picks);
        for (int i = 0; i < picks; i++) {
            // A fresh context per pick, as the proxy makes one per request.
            Endpoint e = balancer.pick(new PickContext(null, null));
            out.add(e == null ? null : e.name());
        }
        return out;
    }

    private static PoolSnapshot pool(String... names) {
        List<Endpoint> endpoints = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            endpoints.add(new Endpoint(names[i], new InetSocketAddress("127.0.0.1", 9001 + i), 1, i, new EndpointState()));
        }
        return new PoolSnapshot("web", endpoints);
    }
}
