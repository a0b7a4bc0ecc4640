package dev.aurorajca.driver.bg;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The waiting room of held calls, on a fake clock: a hold ends when the switch is published, and
 * also when the switchover's own deadline passes with no status at all (AWS wrapper #1920).
 * No server: the deployment's monitors are not started, its status is fed by hand.
 */
@Tag("unit")
@DisplayName("bg holds: released by the switch, or by the deadline alone")
class BgHoldTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final DriverRuntime runtime = new DriverRuntime("bg-hold-test", req -> {
        throw new SQLException("no server in this test", "08001");
    });

    @AfterEach
    void close() {
        runtime.close();
    }

    private BgDeployment deployment(long switchoverTimeoutMs) throws SQLException {
        AuroraSettings s = AuroraSettings.parse("jdbc:aurora:mysql://" + BgFixture.BLUE_CLUSTER + ":3306/app?plugins=bg&bgSwitchoverTimeoutMs="
                + switchoverTimeoutMs, new Properties());
        BgDeployment d = new BgDeployment("test", runtime, s, runtime.pipeline(s), clock::get);
        d.observe(BgRole.SOURCE, BgFixture.read("AVAILABLE", "AVAILABLE", true));
        d.observe(BgRole.TARGET, BgFixture.read("AVAILABLE", "AVAILABLE", false));
        d.observe(BgRole.SOURCE, BgFixture.read("SWITCHOVER_IN_PROGRESS", "SWITCHOVER_IN_PROGRESS", true));
        assertTrue(d.state().holding(clock.get()), "IN_PROGRESS holds");
        return d;
    }

    @Test
    @DisplayName("a held call is released as soon as the switch is seen")
    void releasedByTheSwitch() throws Exception {
        BgDeployment d = deployment(180_000);
        CompletableFuture<BgState> waiter = CompletableFuture.supplyAsync(() -> d.awaitRelease(clock.get() + TimeUnit.SECONDS.toNanos(30)));
        assertFalse(waiter.isDone(), "still held");
        d.observe(BgRole.TARGET, BgFixture.read("SWITCHOVER_IN_POST_PROCESSING", "SWITCHOVER_IN_POST_PROCESSING", false));
        BgState s = waiter.get(10, TimeUnit.SECONDS);
        assertTrue(s.switched());
    }

    @Test
    @DisplayName("with no status at all, a held call is released when bgSwitchoverTimeoutMs has passed since the switchover started")
    void releasedByTheDeadlineAlone() throws Exception {
        BgDeployment d = deployment(5_000);
        CompletableFuture<BgState> waiter = CompletableFuture.supplyAsync(() -> d.awaitRelease(clock.get() + TimeUnit.SECONDS.toNanos(30)));
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(4_999));
        assertFalse(waiter.isDone(), "held until the deadline");
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(2));  // the monitors learn nothing; only time passes
        BgState s = waiter.get(10, TimeUnit.SECONDS);
        assertTrue(s.timedOut(clock.get()));
        assertFalse(s.holding(clock.get()));
        assertFalse(s.switched(), "a timeout does not route to green");
    }

    @Test
    @DisplayName("one call waits at most bgConnectTimeoutMs (its own deadline), even while the switchover still holds")
    void releasedByTheCallersDeadline() throws Exception {
        BgDeployment d = deployment(180_000);
        long deadline = clock.get() + TimeUnit.MILLISECONDS.toNanos(30_000);
        CompletableFuture<BgState> waiter = CompletableFuture.supplyAsync(() -> d.awaitRelease(deadline));
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(30_001));
        BgState s = waiter.get(10, TimeUnit.SECONDS);
        assertTrue(s.holding(clock.get()), "the switchover still holds; this call goes ahead anyway");
    }
}
