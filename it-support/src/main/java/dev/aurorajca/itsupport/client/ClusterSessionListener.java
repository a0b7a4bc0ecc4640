package dev.aurorajca.itsupport.client;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Closes the module's cluster-sim cluster when the JUnit launcher session ends. */
public final class ClusterSessionListener implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestCluster.close();
    }
}
