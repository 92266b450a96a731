package dev.gatehouse.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class EndpointTest {

    private static final InetSocketAddress ADDRESS = new InetSocketAddress("127.0.0.1", 9001);

    @Test
    void keepsWhatItWasGiven() {
        EndpointState state = new EndpointState();
        Endpoint e = new Endpoint("A", ADDRESS, 3, 2, state);

        assertThat(e.name()).isEqualTo("A");
        assertThat(e.address()).isSameAs(ADDRESS);
        assertThat(e.weight()).isEqualTo(3);
        assertThat(e.index()).isEqualTo(2);
        assertThat(e.state()).isSameAs(state);
    }

    @Test
    void weightZeroIsRefused() {
        assertThatThrownBy(() -> new Endpoint("A", ADDRESS, 0, 0, new EndpointState()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weight: 0 (expected: >= 1)");
    }

    @Test
    void negativeWeightIsRefused() {
        assertThatThrownBy(() -> new Endpoint("A", ADDRESS, -1, 0, new EndpointState()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weight: -1 (expected: >= 1)");
    }

    @Test
    void negativeIndexIsRefused() {
        assertThatThrownBy(() -> new Endpoint("A", ADDRESS, 1, -1, new EndpointState()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("index: -1 (expected: >= 0)");
    }

    @Test
    void nullArgumentsAreNamed() {
        assertThatThrownBy(() -> new Endpoint(null, ADDRESS, 1, 0, new EndpointState()))
                .isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> new Endpoint("A", null, 1, 0, new EndpointState()))
                .isInstanceOf(NullPointerException.class).hasMessage("address");
        assertThatThrownBy(() -> new Endpoint("A", ADDRESS, 1, 0, null))
                .isInstanceOf(NullPointerException.class).hasMessage("state");
    }

    @Test
    void readinessComesFromTheSharedState() {
        EndpointState state = new EndpointState();
        Endpoint before = new Endpoint("A", ADDRESS, 1, 0, state);
        Endpoint afterReload = new Endpoint("A", ADDRESS, 2, 5, state);
        assertThat(before.isReady()).isTrue();

        state.setReady(false);

        assertThat(before.isReady()).isFalse();
        assertThat(afterReload.isReady()).isFalse();
    }

    @Test
    void sameIdentityComparesNameAndAddress() {
        Endpoint e = new Endpoint("A", ADDRESS, 1, 0, new EndpointState());

        assertThat(e.sameIdentity("A", new InetSocketAddress("127.0.0.1", 9001))).isTrue();
        assertThat(e.sameIdentity("B", ADDRESS)).isFalse();
        assertThat(e.sameIdentity("A", new InetSocketAddress("127.0.0.1", 9002))).isFalse();
    }

    @Test
    void toStringShowsNameAndAddress() {
        assertThat(new Endpoint("A", ADDRESS, 1, 0, new EndpointState())).hasToString("A(127.0.0.1:9001)");
    }
}
