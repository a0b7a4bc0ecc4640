package dev.aurorajca.driver.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.cluster.FakeInstances;
import dev.aurorajca.driver.cluster.FakeInstances.Instance;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.plugin.PluginPipeline;
import dev.aurorajca.driver.time.ManualTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * host_monitoring_v2's monitor on a fake clock: when it declares an instance dead, when it
 * disposes of itself, and what close() does to a probe in flight.
 */
@Tag("unit")
@DisplayName("host monitor (fake clock)")
class HostMonitorTest {

    private final ManualTime time = new ManualTime();
    private final FakeInstances fake = new FakeInstances(time);
    private Instance db;
    private HostMonitorService service;
    private PluginPipeline pipeline;

    @BeforeEach
    void start() {
        db = fake.add("w1", true);
        pipeline = new PluginPipeline(fake.target(), List.of());
        service = new HostMonitorService(time, time, Runnable::run, n -> { });
    }

    @AfterEach
    void close() {
        service.close();
        assertEquals(0, time.pending(), "no monitor task is left");
    }

    /** failureDetectionTime 1000 ms, interval 200 ms, count 3: probe timeout max(50, 200 / 2) = 100 ms. */
    private static AuroraSettings detection(Map<String, String> extra) throws SQLException {
        Map<String, String> p = new java.util.HashMap<>(Map.of("failureDetectionTime", "1000", "failureDetectionInterval", "200",
                "failureDetectionCount", "3", "monitorDisposalTime", "1000"));
        p.putAll(extra);
        return FakeInstances.settings(p);
    }

    /** Advances 1 ms at a time until {@code c} is aborted; returns the elapsed ms since the call began at 0. */
    private long abortedAt(Connection c, long limitMs) {
        while (!FakeInstances.isClosed(c) && time.elapsedMillis() < limitMs) {
            time.advanceMillis(1);
        }
        assertTrue(FakeInstances.isClosed(c), "the watched connection was aborted within " + limitMs + " ms");
        return time.elapsedMillis();
    }

    @Test
    @DisplayName("hung instance: aborted at call start + failureDetectionTime + interval x (count - 1) + probe timeout")
    void detectionArithmeticHung() throws SQLException {
        AuroraSettings s = detection(Map.of());
        assertEquals(100, HostMonitor.probeTimeoutMs(s));
        Connection app = fake.connectTo(db);
        MonitorContext ctx = service.monitorFor(db.spec, s, pipeline).register(app);
        ctx.begin(time.nanoTime()); // the call starts at 0 and hangs
        db.reachable = false;
        db.connectDelayMs = 100;    // every probe connect waits for its timeout
        assertEquals(1000 + 200 * (3 - 1) + 100, abortedAt(app, 5000));
    }

    @Test
    @DisplayName("instance refusing connections: aborted at call start + failureDetectionTime + interval x (count - 1)")
    void detectionArithmeticRefused() throws SQLException {
        AuroraSettings s = detection(Map.of());
        Connection app = fake.connectTo(db);
        MonitorContext ctx = service.monitorFor(db.spec, s, pipeline).register(app);
        time.advanceMillis(250); // the call starts later than the monitor
        long start = time.elapsedMillis();
        ctx.begin(time.nanoTime());
        db.reachable = false;
        assertEquals(start + 1000 + 200 * (3 - 1), abortedAt(app, 5000));
    }

    @Test
    @DisplayName("monitoring-socketTimeout sets the probe timeout the arithmetic uses")
    void probeTimeoutOverride() throws SQLException {
        AuroraSettings s = detection(Map.of("monitoring-socketTimeout", "150"));
        assertEquals(150, HostMonitor.probeTimeoutMs(s));
        Connection app = fake.connectTo(db);
        MonitorContext ctx = service.monitorFor(db.spec, s, pipeline).register(app);
        ctx.begin(time.nanoTime());
        db.reachable = false;
        db.connectDelayMs = 150;
        assertEquals(1000 + 200 * 2 + 150, abortedAt(app, 5000));
    }

    @Test
    @DisplayName("an instance declared dead counts once in the cluster's HostsDeclaredDown, however many probes fail after")
    void declaredDownCountsOnce() throws SQLException {
        AuroraSettings s = detection(Map.of());
        dev.aurorajca.driver.metrics.ClusterMetrics metrics = new dev.aurorajca.driver.metrics.ClusterMetrics();
        Connection app = fake.connectTo(db);
        MonitorContext ctx = service.monitorFor(db.spec, s, pipeline, metrics).register(app);
        ctx.begin(time.nanoTime());
        db.reachable = false;
        abortedAt(app, 5000);
        assertEquals(1, metrics.hostsDeclaredDown());
        time.advanceMillis(2000); // more failed probes of the same outage
        assertEquals(1, metrics.hostsDeclaredDown());
    }

    @Test
    @DisplayName("a healthy instance is probed but never declared dead; a call that ends is not aborted")
    void healthyInstance() throws SQLException {
        AuroraSettings s = detection(Map.of());
        Connection app = fake.connectTo(db);
        MonitorContext ctx = service.monitorFor(db.spec, s, pipeline).register(app);
        ctx.begin(time.nanoTime());
        time.advanceMillis(3000);
        assertFalse(FakeInstances.isClosed(app));
        assertTrue(db.connects.get() >= 2, "the monitor opened its probe connection");
        ctx.end();
        db.reachable = false;
        time.advanceMillis(3000);
        assertFalse(FakeInstances.isClosed(app), "no call in flight: nothing to abort");
    }

    @Test
    @DisplayName("a monitor unused for monitorDisposalTime disposes of itself and its probe connection")
    void disposal() throws SQLException {
        AuroraSettings s = detection(Map.of());
        Connection app = fake.connectTo(db);
        HostMonitor m = service.monitorFor(db.spec, s, pipeline);
        MonitorContext ctx = m.register(app);
        ctx.begin(time.nanoTime());
        time.advanceMillis(1500); // past the grace: the monitor probes and holds a probe connection
        assertTrue(m.hasProbe());
        ctx.end();
        time.advanceMillis(200);
        assertFalse(m.hasProbe(), "nothing to watch: the probe connection is closed at once");
        long idleFrom = time.elapsedMillis();
        while (service.monitorCount() == 1 && time.elapsedMillis() < idleFrom + 5000) {
            time.advanceMillis(1);
        }
        assertEquals(0, service.monitorCount(), "disposed");
        long idle = time.elapsedMillis() - idleFrom;
        assertTrue(idle >= 1000 && idle <= 1000 + 200 + 200, "disposed one monitorDisposalTime (+ at most an interval) after the last call: " + idle);
        assertTrue(m.isClosed());
        assertEquals(1, fake.openConnections(), "only the application's connection is open");
        assertTrue(service.monitorFor(db.spec, s, pipeline) != m, "a new call gets a new monitor");
    }

    @Test
    @DisplayName("a monitor with a call in flight is not disposed")
    void noDisposalWhileInUse() throws SQLException {
        AuroraSettings s = detection(Map.of());
        Connection app = fake.connectTo(db);
        HostMonitor m = service.monitorFor(db.spec, s, pipeline);
        m.register(app).begin(time.nanoTime());
        time.advanceMillis(10_000);
        assertEquals(1, service.monitorCount());
        assertSame(m, service.monitorFor(db.spec, s, pipeline));
    }

    @Test
    @DisplayName("close() while a run is opening the probe: the run closes the probe it opened")
    void closeWhileProbeOpens() throws SQLException {
        AuroraSettings s = detection(Map.of());
        Connection app = fake.connectTo(db);
        HostMonitor m = service.monitorFor(db.spec, s, pipeline);
        m.register(app).begin(time.nanoTime());
        db.onConnect = m::close; // close() runs while the probe connection is being opened
        time.advanceMillis(1000);
        assertTrue(m.isClosed());
        assertFalse(m.hasProbe(), "the probe opened during close() was closed by its run");
        assertEquals(1, fake.openConnections(), "only the application's connection is open");
    }

    @Test
    @DisplayName("close() while the probe runs a query: the caller does not close it under the run; the run closes it after")
    void closeWhileProbeInUse() throws SQLException {
        AuroraSettings s = detection(Map.of());
        Connection app = fake.connectTo(db);
        HostMonitor m = service.monitorFor(db.spec, s, pipeline);
        m.register(app).begin(time.nanoTime());
        AtomicBoolean probeOpenAfterClose = new AtomicBoolean();
        db.onQuery = () -> {
            m.close();
            probeOpenAfterClose.set(m.hasProbe() && fake.openConnections() == 2);
        };
        time.advanceMillis(1000);
        assertTrue(probeOpenAfterClose.get(), "close() left the probe in use open");
        assertFalse(m.hasProbe(), "the run closed it when it ended");
        assertEquals(1, fake.openConnections());
    }
}
