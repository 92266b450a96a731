package dev.gatehouse.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs {@link LeakRecordingDetectorFactory} when the JUnit launcher opens its session, which
 * is before any test class (and so any Netty buffer class) is loaded.
 */
public final class LeakCheckSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        LeakRecordingDetectorFactory.install();
    }
}
