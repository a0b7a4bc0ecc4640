package dev.aurorajca.driver.monitoring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.topology.HostSpec;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** First version, against the pre-fix HostMonitor: real runtime, a stub target that blocks the probe connect. */
@Tag("unit")
class HostMonitorCloseRaceTest {

    /** A JDBC object whose calls succeed; close/abort of any of them sets {@code closed}. */
    private static Object answering(Class<?> type, AtomicBoolean closed) {
        return Proxy.newProxyInstance(HostMonitorCloseRaceTest.class.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (type == Connection.class && (m.getName().equals("close") || m.getName().equals("abort"))) {
                closed.set(true);
                return null;
            }
            if (m.getName().equals("isClosed")) {
                return type == Connection.class && closed.get();
            }
            Class<?> r = m.getReturnType();
            if (r.isInterface()) {
                return answering(r, closed);
            }
            if (r == boolean.class) {
                return Boolean.FALSE;
            }
            return r == int.class ? (Object) 0 : r == long.class ? (Object) 0L : null;
        });
    }

    @Test
    @DisplayName("a probe connection opened while close() runs is closed, not leaked")
    void probeOpenedDuringCloseIsClosed() throws Exception {
        CountDownLatch opening = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean probeClosed = new AtomicBoolean();
        Connection app = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (p, m, a) -> m.getReturnType() == boolean.class ? false : null);
        DriverRuntime runtime = new DriverRuntime("race", req -> {
            if (req.purpose() == ConnectRequest.Purpose.MONITORING) {
                opening.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return (Connection) answering(Connection.class, probeClosed);
            }
            return app;
        });
        try {
            AuroraSettings s = AuroraSettings.of("db", 3306, "app", Map.of("dialect", "mysql", "plugins", "host_monitoring_v2",
                    "failureDetectionTime", "0", "failureDetectionInterval", "10"));
            HostMonitor m = runtime.hostMonitors().monitorFor(HostSpec.endpoint("db", 3306), s, runtime.pipeline(s));
            MonitorContext ctx = m.register(app);
            ctx.begin(System.nanoTime() - TimeUnit.SECONDS.toNanos(1));
            assertTrue(opening.await(10, TimeUnit.SECONDS), "the monitor started a probe");
            m.close();
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!probeClosed.get() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(probeClosed.get(), "the probe connection opened during close() was closed");
        } finally {
            release.countDown();
            runtime.close();
        }
    }
}
