package dev.gatehouse.balancer.affinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.balancer.TestPools.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AffinityTableTest {

    private final FakeClock clock = new FakeClock();

    @Test
    void anEntryIsKeptWhileUsedAndForgottenAfterItsTtlUnused() {
        AffinityTable table = new AffinityTable(Duration.ofMinutes(10), 100, clock);
        table.put("10.1.1.1", "A");

        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofMinutes(9));
            assertThat(table.get("10.1.1.1")).isEqualTo("A"); // each use restarts the TTL
        }

        clock.advance(Duration.ofMinutes(10));
        assertThat(table.get("10.1.1.1")).isNull();
        assertThat(table.size()).isZero();
    }

    @Test
    void unusedEntriesLeaveWithinTwoTtlsEvenWithoutTraffic() {
        AffinityTable table = new AffinityTable(Duration.ofMinutes(30), 1_000, clock);
        for (int i = 0; i < 500; i++) {
            table.put("client-" + i, "A");
        }

        clock.advance(Duration.ofMinutes(61));

        assertThat(table.size()).isZero();
    }

    @Test
    void theSizeNeverExceedsTheBound() {
        AffinityTable table = new AffinityTable(Duration.ofHours(1), 1_000, clock);

        for (int i = 0; i < 25_000; i++) {
            table.put("client-" + i, "A");
            assertThat(table.size()).isLessThanOrEqualTo(1_000);
        }
        assertThat(table.size()).isGreaterThanOrEqualTo(500);
    }

    @Test
    void aBoundOfOneHoldsOneEntry() {
        AffinityTable table = new AffinityTable(Duration.ofHours(1), 1, clock);

        table.put("a", "A");
        table.put("b", "B");

        assertThat(table.size()).isEqualTo(1);
        assertThat(table.get("b")).isEqualTo("B");
    }

    @Test
    void evictionTakesTheLeastRecentlyUsedNotTheOldest() {
        AffinityTable table = new AffinityTable(Duration.ofHours(1), 1_000, clock);
        table.put("regular", "A");

        for (int i = 0; i < 10_000; i++) {
            table.put("one-off-" + i, "B");
            if (i % 100 == 0) {
                assertThat(table.get("regular")).isEqualTo("A");
            }
        }

        assertThat(table.get("regular")).isEqualTo("A");
        assertThat(table.get("one-off-0")).isNull();
    }

    @Test
    void aNewPinReplacesTheOldOne() {
        AffinityTable table = new AffinityTable(Duration.ofHours(1), 10, clock);
        table.put("k", "A");

        table.put("k", "B");

        assertThat(table.get("k")).isEqualTo("B");
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void newSettingsKeepTheLiveEntries() {
        AffinityTable table = new AffinityTable(Duration.ofMinutes(30), 100, clock);
        table.put("k1", "A");
        table.put("k2", "B");

        assertThat(table.withSettings(Duration.ofMinutes(30), 100)).isSameAs(table);
        AffinityTable bigger = table.withSettings(Duration.ofHours(2), 1_000);

        assertThat(bigger.get("k1")).isEqualTo("A");
        assertThat(bigger.get("k2")).isEqualTo("B");
        assertThat(bigger.maxEntries()).isEqualTo(1_000);
        assertThat(bigger.ttl()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> new AffinityTable(Duration.ZERO, 1, clock)).hasMessage("ttl: PT0S (expected: > 0)");
        assertThatThrownBy(() -> new AffinityTable(Duration.ofSeconds(1), 0, clock))
                .hasMessage("maxEntries: 0 (expected: >= 1)");
    }
}
