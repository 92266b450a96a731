package dev.gatehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.testing.LeakRecordingDetectorFactory.Leak;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakCheckExtensionTest {

    @Test
    void bufferLeakDetectorIsTheRecordingOne() {
        Unpooled.buffer(1).release();

        assertThat(LeakRecordingDetectorFactory.records(ByteBuf.class)).isTrue();
        assertThat(ResourceLeakDetector.getLevel())
                .as("tests must run with -Dio.netty.leakDetection.level=paranoid (see gatehouse/pom.xml)")
                .isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void aLeakedBufferIsRecordedWithWhereItWasCreated() {
        leakABuffer();

        List<Leak> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            found.addAll(LeakRecordingDetectorFactory.collectLeaks());
            return found.stream().anyMatch(LeakCheckExtensionTest::isOurs);
        });

        List<Leak> ours = keepOnlyOurs(found);
        assertThat(ours).singleElement().satisfies(leak -> {
            assertThat(leak.resourceType()).isEqualTo("ByteBuf");
            assertThat(leak.records()).contains(LeakCheckExtensionTest.class.getName() + ".leakABuffer");
        });
    }

    @Test
    void aReleasedBufferIsNotRecorded() {
        ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(16);
        buffer.writeLong(42);
        buffer.release();

        List<Leak> ours = keepOnlyOurs(LeakRecordingDetectorFactory.collectLeaks());

        assertThat(ours).isEmpty();
    }

    @Test
    void checkFailsWithEveryRecordedLeakAndThenForgetsThem() {
        LeakRecordingDetectorFactory.record(new Leak("ByteBuf", "\nRecent access records:\n#1:\n\tcom.example.Handler.channelRead(Handler.java:42)"));

        assertThatThrownBy(() -> LeakCheckExtension.check("com.example.HandlerTest"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("1 resource leak(s) reported by Netty during or before com.example.HandlerTest")
                .hasMessageContaining("LEAK: ByteBuf.release() was not called before it was garbage-collected.")
                .hasMessageContaining("com.example.Handler.channelRead(Handler.java:42)");
        assertThatCode(() -> LeakCheckExtension.check("com.example.HandlerTest")).doesNotThrowAnyException();
    }

    /**
     * Allocates from the default allocator, as channels do (Netty tracks no unpooled heap
     * buffers), in its own frame so that no local variable keeps the buffer reachable.
     */
    private static void leakABuffer() {
        ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(16);
        buffer.writeInt(7);
    }

    private static boolean isOurs(Leak leak) {
        return leak.records().contains(LeakCheckExtensionTest.class.getName());
    }

    /**
     * This class's leaks; any other leak goes back to be reported by {@link LeakCheckExtension},
     * so this test never hides someone else's.
     */
    private static List<Leak> keepOnlyOurs(List<Leak> leaks) {
        leaks.stream().filter(leak -> !isOurs(leak)).forEach(LeakRecordingDetectorFactory::record);
        return leaks.stream().filter(LeakCheckExtensionTest::isOurs).toList();
    }
}
