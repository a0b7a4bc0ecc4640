package dev.aurorajca.driver.bg;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The gate in front of a writer search's probes of blue, on a fake clock: with a deployment known
 * and no switchover seen, a search on blue waits for a status read that began after it (blue's
 * writer turns read-only before its rows say IN_PROGRESS, yet still answers a probe as the writer),
 * and goes ahead without one after {@link BgDeployment#PROBE_GATE_MAX_NANOS}.
 * No server: the deployment's monitors are not started, its status is fed by hand.
 */
@Tag("unit")
@DisplayName("bg: a writer search on blue waits for a fresh blue/green status")
class BgProbeGateTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final DriverRuntime runtime = new DriverRuntime("bg-gate-test", req -> {
        throw new SQLException("no server in this test", "08001");
    });

    @AfterEach
    void close() {
        runtime.close();
    }

    private BgDeployment deployment() throws SQLException {
        AuroraSettings s = AuroraSettings.parse("jdbc:aurora:mysql://" + BgFixture.BLUE_CLUSTER + ":3306/app?plugins=bg", new Properties());
        BgDeployment d = new BgDeployment("test", runtime, s, runtime.pipeline(s), clock::get);
        d.observe(BgRole.SOURCE, BgFixture.read("AVAILABLE", "AVAILABLE", true), clock.get());
        d.observe(BgRole.TARGET, BgFixture.read("AVAILABLE", "AVAILABLE", false), clock.get());
        return d;
    }

    private void advanceMs(long ms) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    @DisplayName("probes wait for a read begun after the search; that read shows the switchover, which pins blue")
    void waitsForAFreshRead() throws Exception {
        BgDeployment d = deployment();
        advanceMs(800); // the last read is older than the search: blue may have turned read-only since
        assertFalse(d.statusReadSinceSuspicion(clock.get()), "the first probe waits");
        long searchSeen = clock.get();
        advanceMs(20);
        assertFalse(d.statusReadSinceSuspicion(clock.get()), "still no read begun after the search");
        d.observe(BgRole.TARGET, BgFixture.read("SWITCHOVER_INITIATED", "SWITCHOVER_INITIATED", false), searchSeen - 1);
        assertFalse(d.statusReadSinceSuspicion(clock.get()), "a read begun before the search does not count");
        long started = clock.get();
        advanceMs(5);
        d.observe(BgRole.SOURCE, BgFixture.read("SWITCHOVER_INITIATED", "SWITCHOVER_INITIATED", true), started);
        assertTrue(d.statusReadSinceSuspicion(clock.get()), "a read begun after the search opens the gate");
        assertTrue(d.state().pinBlue(clock.get()), "and the phase it read keeps the probes off blue");
    }

    @Test
    @DisplayName("an ordinary failover inside blue: with the phase still AVAILABLE after a fresh read, probes go ahead")
    void ordinaryFailoverGoesAhead() throws Exception {
        BgDeployment d = deployment();
        advanceMs(500);
        assertFalse(d.statusReadSinceSuspicion(clock.get()));
        long started = clock.get();
        d.observe(BgRole.SOURCE, BgFixture.read("AVAILABLE", "AVAILABLE", true), started);
        assertTrue(d.statusReadSinceSuspicion(clock.get()));
        assertFalse(d.state().pinBlue(clock.get()));
        advanceMs(1_000);
        assertTrue(d.statusReadSinceSuspicion(clock.get()), "the same episode: no new wait");
        advanceMs(TimeUnit.NANOSECONDS.toMillis(BgTracker.NUDGE_NANOS) + 1);
        assertFalse(d.statusReadSinceSuspicion(clock.get()), "a later search is a new episode: it waits for a read again");
    }

    @Test
    @DisplayName("no status can be read: probes go ahead after PROBE_GATE_MAX_NANOS")
    void noStatusGoesAheadAfterTheCap() throws Exception {
        BgDeployment d = deployment();
        advanceMs(500);
        assertFalse(d.statusReadSinceSuspicion(clock.get()));
        clock.addAndGet(BgDeployment.PROBE_GATE_MAX_NANOS - 1);
        assertFalse(d.statusReadSinceSuspicion(clock.get()), "waits until the cap");
        advanceMs(1);
        assertTrue(d.statusReadSinceSuspicion(clock.get()), "goes ahead at the cap");
    }
}
