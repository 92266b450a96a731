package dev.gatehouse.testing;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked {@code ByteBuf} (or other tracked resource)
 * while it ran; registered for every test through extension auto-detection.
 *
 * <p>Tests run with {@code -Dio.netty.leakDetection.level=paranoid}, so every buffer is tracked
 * and each leak comes with the places it was created and last touched. A leak is noticed only
 * after the garbage collector cleared the buffer, so it is blamed on the class during or before
 * which it happened: check the records, not just the class name.
 */
public final class LeakCheckExtension implements AfterAllCallback {

    static {
        // A second chance if the launcher session listener did not run (e.g. a custom launcher).
        LeakRecordingDetectorFactory.install();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        check(context.getRequiredTestClass().getName());
    }

    /** Throws an AssertionError listing the leaks recorded since the last check, if any. */
    static void check(String testClassName) {
        List<LeakRecordingDetectorFactory.Leak> leaks = LeakRecordingDetectorFactory.collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " resource leak(s) reported by Netty during or before " + testClassName
                    + " (records show where each object was created and last touched):\n"
                    + leaks.stream().map(Object::toString).collect(Collectors.joining("\n\n")));
        }
    }
}
