package dev.gatehouse.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class PickContextTest {

    @Test
    void keepsTheClientAddressAndKeys() {
        InetSocketAddress client = new InetSocketAddress("127.0.0.1", 50000);
        HashKeySource keys = new HashKeySource() {
            @Override
            public String header(String name) {
                return "v";
            }

            @Override
            public String path() {
                return "/p";
            }
        };
        PickContext context = new PickContext(client, keys);

        assertThat(context.clientAddress()).isSameAs(client);
        assertThat(context.keys()).isSameAs(keys);
    }

    @Test
    void nullKeysBecomeTheEmptySource() {
        PickContext context = new PickContext(null, null);

        assertThat(context.clientAddress()).isNull();
        assertThat(context.keys()).isSameAs(HashKeySource.NONE);
        assertThat(context.keys().header("x")).isNull();
        assertThat(context.keys().path()).isNull();
    }

    @Test
    void startsWithNothingTried() {
        PickContext context = new PickContext(null, null);

        assertThat(context.attempts()).isZero();
        assertThat(context.alreadyTried(endpoint(0))).isFalse();
        assertThat(context.alreadyTried(endpoint(63))).isFalse();
        assertThat(context.alreadyTried(endpoint(64))).isFalse();
        assertThat(context.alreadyTried(endpoint(1000))).isFalse();
    }

    @Test
    void remembersTriedEndpointsOnEitherSideOf64() {
        PickContext context = new PickContext(null, null);
        int[] tried = {0, 1, 62, 63, 64, 65, 127, 128, 1000};
        for (int i : tried) {
            context.markTried(endpoint(i));
        }

        for (int i : tried) {
            assertThat(context.alreadyTried(endpoint(i))).as("index %d", i).isTrue();
        }
        for (int i : new int[] {2, 61, 66, 126, 129, 999, 1001}) {
            assertThat(context.alreadyTried(endpoint(i))).as("index %d", i).isFalse();
        }
        assertThat(context.attempts()).isEqualTo(tried.length);
    }

    @Test
    void attemptsCountsEveryMarkEvenOfTheSameEndpoint() {
        PickContext context = new PickContext(null, null);
        Endpoint e = endpoint(3);
        context.markTried(e);
        context.markTried(e);

        assertThat(context.attempts()).isEqualTo(2);
        assertThat(context.alreadyTried(e)).isTrue();
    }

    @Test
    void eligibleMeansReadyAndNotTried() {
        PickContext context = new PickContext(null, null);
        Endpoint ready = endpoint(1);
        Endpoint notReady = endpoint(2);
        notReady.state().setReady(false);
        Endpoint tried = endpoint(70);
        context.markTried(tried);

        assertThat(context.isEligible(ready)).isTrue();
        assertThat(context.isEligible(notReady)).isFalse();
        assertThat(context.isEligible(tried)).isFalse();
    }

    private static Endpoint endpoint(int index) {
        return new Endpoint("e" + index, new InetSocketAddress("127.0.0.1", 9000), 1, index, new EndpointState());
    }
}
