package dev.gatehouse.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Makes Netty's leak detectors remember every leak they report (besides logging it), so that a
 * test can fail on a leak instead of printing it to a log nobody reads.
 *
 * <p>Netty creates each detector once, in a static initializer (for buffers: when
 * {@code AbstractByteBuf} loads), from whatever factory is installed at that moment. So
 * {@link #install()} must run before any Netty buffer class is loaded; {@link LeakCheckSessionListener}
 * does that when the JUnit launcher starts, and {@link #collectLeaks()} verifies it.
 */
public final class LeakRecordingDetectorFactory extends ResourceLeakDetectorFactory {

    /** One leak as Netty reported it: the resource type and its access records (empty if untraced). */
    public record Leak(String resourceType, String records) {
        @Override
        public String toString() {
            return "LEAK: " + resourceType + ".release() was not called before it was garbage-collected."
                    + (records.isEmpty() ? " (no access records)" : records);
        }
    }

    private static final LeakRecordingDetectorFactory INSTANCE = new LeakRecordingDetectorFactory();
    private static final Queue<Leak> LEAKS = new ConcurrentLinkedQueue<>();
    private static final int GC_ROUNDS = 3;
    private static final long GC_WAIT_MILLIS = 200;

    private final Set<RecordingDetector<?>> detectors = ConcurrentHashMap.newKeySet();

    private LeakRecordingDetectorFactory() {
    }

    /** Installs the recording factory (idempotent); must run before Netty's buffer classes load. */
    public static synchronized void install() {
        if (ResourceLeakDetectorFactory.instance() != INSTANCE) {
            ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(INSTANCE);
        }
    }

    /** Whether a detector for {@code resourceType} was created by this factory (so its leaks are recorded). */
    public static boolean records(Class<?> resourceType) {
        String name = resourceType.getSimpleName();
        return INSTANCE.detectors.stream().anyMatch(d -> d.resourceType.equals(name));
    }

    /**
     * Makes Netty report the leaks of objects that are now unreachable, and returns (and forgets)
     * every leak recorded so far. Netty only notices a leak when the garbage collector has
     * cleared the object and the detector next tracks something, so this collects garbage a few
     * times and then makes every detector track a probe.
     *
     * @throws IllegalStateException when Netty's buffer leak detector was not created by this
     *                               factory, so buffer leaks would go unnoticed
     */
    public static List<Leak> collectLeaks() {
        // Loads AbstractByteBuf if nothing has yet, so the check below means something.
        Unpooled.buffer(1).release();
        if (!records(ByteBuf.class)) {
            throw new IllegalStateException("Netty's ByteBuf leak detector was created before "
                    + LeakRecordingDetectorFactory.class.getSimpleName() + " was installed, so leaks would go unnoticed;"
                    + " is " + LeakCheckSessionListener.class.getName()
                    + " listed in META-INF/services/org.junit.platform.launcher.LauncherSessionListener?");
        }
        for (int round = 0; round < GC_ROUNDS; round++) {
            awaitGarbageCollection();
            INSTANCE.detectors.forEach(RecordingDetector::reportPending);
        }
        return drain();
    }

    /** Returns and forgets the leaks recorded so far, without collecting garbage first. */
    static List<Leak> drain() {
        List<Leak> drained = new ArrayList<>();
        for (Leak leak; (leak = LEAKS.poll()) != null; ) {
            drained.add(leak);
        }
        return drained;
    }

    /** Records a leak as if a detector had reported it (for testing the reporting path). */
    static void record(Leak leak) {
        LEAKS.add(leak);
    }

    /**
     * Runs a full collection and waits until the reference handler has queued at least our own
     * sentinel, which it does after clearing the collection's weak references.
     */
    private static void awaitGarbageCollection() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        System.gc();
        try {
            queue.remove(GC_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Reference.reachabilityFence(sentinel);
    }

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
        RecordingDetector<T> detector = new RecordingDetector<>(resource, samplingInterval);
        detectors.add(detector);
        return detector;
    }

    @Override
    @SuppressWarnings("deprecation") // Netty's abstract signature still carries the unused maxActive.
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
        return newResourceLeakDetector(resource, samplingInterval);
    }

    /** A detector that records what it reports and reports whatever the log level. */
    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {

        private final String resourceType;

        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
            this.resourceType = resource.getSimpleName();
        }

        /** Tracking forcibly drains the detector's queue of collected objects, reporting each leak. */
        @SuppressWarnings("unchecked")
        void reportPending() {
            // Erasure makes any object a valid T for tracking; the probe is closed at once.
            T probe = (T) new Object();
            ResourceLeakTracker<T> tracker = trackForcibly(probe);
            if (tracker != null) {
                tracker.close(probe);
            }
        }

        @Override
        protected boolean needReport() {
            // Netty skips reporting when its logger is off; a test must fail regardless.
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add(new Leak(resourceType, records));
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add(new Leak(resourceType, ""));
            super.reportUntracedLeak(resourceType);
        }
    }
}
