package dev.aurorajca.driver.bg;

import static dev.aurorajca.driver.bg.BgFixture.both;
import static dev.aurorajca.driver.bg.BgFixture.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The phase logic with a fake clock and fake reads: no threads, no connections. */
@Tag("unit")
@DisplayName("bg phase logic")
class BgTrackerTest {

    private static final long TIMEOUT_MS = 180_000;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    /** An arbitrary start of the fake clock (nanoTime may be negative). */
    private static final long T0 = -5_000_000_000L;

    private final BgTracker tracker = new BgTracker("test", TIMEOUT_MS, BgFixture.RESOLVE);

    @Test
    @DisplayName("no table rows: no deployment, nothing held, baseline polling")
    void noDeployment() {
        BgState s = tracker.observe(BgRole.SOURCE, new BgMetadata.Read(List.of(), List.of()), T0);
        assertEquals(BgPhase.NOT_CREATED, s.phase());
        assertFalse(s.active());
        assertFalse(s.holding(T0));
        assertEquals(60_000, tracker.nextPollDelayMs(BgRole.SOURCE, false, 60_000, 1000, 100, T0));
    }

    @Test
    @DisplayName("AVAILABLE on both sides: the plan maps blue to green; polling at the increased rate")
    void createdBuildsThePlan() {
        BgState s = both(tracker, "AVAILABLE", T0);
        assertEquals(BgPhase.CREATED, s.phase());
        assertTrue(s.active());
        assertFalse(s.holding(T0));
        assertEquals(BgFixture.GREEN_CLUSTER, s.plan().greenFor(BgFixture.BLUE_CLUSTER));
        assertEquals(BgFixture.GREEN_1, s.plan().greenFor(BgFixture.BLUE_1), "writer to writer");
        assertEquals(BgFixture.GREEN_2, s.plan().greenFor(BgFixture.BLUE_2), "readers by name");
        assertEquals(1000, tracker.nextPollDelayMs(BgRole.SOURCE, false, 60_000, 1000, 100, T0));
    }

    @Test
    @DisplayName("IN_PROGRESS holds traffic, and the hold ends at bgSwitchoverTimeoutMs without any further status (AWS #1920)")
    void holdEndsOnTheClockAlone() {
        both(tracker, "AVAILABLE", T0);
        both(tracker, "SWITCHOVER_INITIATED", T0 + 10 * MS);
        BgState s = both(tracker, "SWITCHOVER_IN_PROGRESS", T0 + 500 * MS);
        assertEquals(BgPhase.IN_PROGRESS, s.phase());
        long start = T0 + 10 * MS;
        assertEquals(start, s.switchoverStartNanos(), "the switchover starts at the first switchover phase seen");
        assertTrue(s.holding(start + (TIMEOUT_MS - 1) * MS));
        // No observe() call from here on: the monitors lost both sides.
        assertFalse(s.holding(start + TIMEOUT_MS * MS));
        assertTrue(s.timedOut(start + TIMEOUT_MS * MS));
        assertFalse(s.switched(), "a timeout is not a completion: no mapping to green");
        assertEquals(100, tracker.nextPollDelayMs(BgRole.SOURCE, true, 60_000, 1000, 100, T0 + 600 * MS));
    }

    @Test
    @DisplayName("PREPARATION pins blue names to blue addresses but holds nothing")
    void preparationPinsButDoesNotHold() {
        both(tracker, "AVAILABLE", T0);
        BgState s = both(tracker, "SWITCHOVER_INITIATED", T0 + MS);
        assertFalse(s.holding(T0 + 2 * MS));
        assertTrue(s.pinBlue(T0 + 2 * MS));
        assertEquals("10.0.0.2", s.plan().blueRoute(BgFixture.BLUE_CLUSTER).address());
    }

    @Test
    @DisplayName("POST on one side is the switch: nothing held, blue names lead to green")
    void postIsTheSwitch() {
        both(tracker, "AVAILABLE", T0);
        both(tracker, "SWITCHOVER_IN_PROGRESS", T0 + MS);
        BgState s = tracker.observe(BgRole.TARGET, read("SWITCHOVER_IN_PROGRESS", "SWITCHOVER_IN_POST_PROCESSING", false), T0 + 2 * MS);
        assertTrue(s.switched());
        assertFalse(s.holding(T0 + 3 * MS));
        assertEquals(BgPhase.POST, s.phase());
        BgPlan.Route r = s.plan().greenRoute(BgFixture.BLUE_1, BgFixture.PORT);
        assertEquals("10.0.1.11", r.address());
        assertEquals(BgFixture.BLUE_1, r.loginName(), "green now carries blue's name: logins (IAM) use it");
    }

    @Test
    @DisplayName("green's metadata removed after the switchover started counts as completion while blue stays frozen (AWS #2096)")
    void greenMetadataGoneIsCompletion() {
        both(tracker, "AVAILABLE", T0);
        both(tracker, "SWITCHOVER_IN_PROGRESS", T0 + MS);
        BgState s = tracker.observe(BgRole.TARGET, new BgMetadata.Read(List.of(), List.of()), T0 + 2 * MS);
        assertTrue(s.switched());
        assertFalse(s.holding(T0 + 3 * MS));
        s = tracker.observe(BgRole.SOURCE, read("SWITCHOVER_IN_PROGRESS", "SWITCHOVER_IN_PROGRESS", true), T0 + 3 * MS);
        assertTrue(s.switched(), "blue's frozen IN_PROGRESS does not undo the switch");
        assertFalse(s.holding(T0 + 4 * MS));
    }

    @Test
    @DisplayName("green's rows carrying blue's names count as completion")
    void renameIsCompletion() {
        both(tracker, "AVAILABLE", T0);
        both(tracker, "SWITCHOVER_IN_PROGRESS", T0 + MS);
        List<BgRow> renamed = List.of(
                new BgRow("1.0", BgFixture.BLUE_CLUSTER, BgFixture.PORT, BgRole.TARGET, BgPhase.IN_PROGRESS),
                new BgRow("1.0", "sim-old1.cluster-czx.us-east-1.rds.amazonaws.com", BgFixture.PORT, BgRole.SOURCE, BgPhase.IN_PROGRESS));
        BgState s = tracker.observe(BgRole.TARGET, new BgMetadata.Read(renamed, List.of()), T0 + 2 * MS);
        assertTrue(s.switched());
        assertEquals(BgFixture.GREEN_CLUSTER, s.plan().greenFor(BgFixture.BLUE_CLUSTER), "the plan collected before the switchover is kept");
    }

    @Test
    @DisplayName("a rollback releases the hold and stays on blue; a later switchover is followed again")
    void rollbackReturnsToBlue() {
        both(tracker, "AVAILABLE", T0);
        both(tracker, "SWITCHOVER_IN_PROGRESS", T0 + MS);
        BgState s = tracker.observe(BgRole.SOURCE, read("AVAILABLE", "AVAILABLE", true), T0 + 2 * MS);
        assertTrue(s.rolledBack());
        assertEquals(BgPhase.CREATED, s.phase());
        assertFalse(s.holding(T0 + 3 * MS));
        assertFalse(s.switched());
        s = tracker.observe(BgRole.TARGET, read("AVAILABLE", "AVAILABLE", false), T0 + 3 * MS);
        assertEquals(BgPhase.CREATED, s.phase(), "green's stale IN_PROGRESS is gone");
        s = both(tracker, "SWITCHOVER_IN_PROGRESS", T0 + 10 * MS);
        assertFalse(s.rolledBack());
        assertTrue(s.holding(T0 + 11 * MS), "a new switchover holds again");
        assertEquals(T0 + 10 * MS, s.switchoverStartNanos());
    }

    @Test
    @DisplayName("a side lagging one phase behind is not a rollback")
    void laggingSideIsNoRollback() {
        both(tracker, "AVAILABLE", T0);
        tracker.observe(BgRole.SOURCE, read("SWITCHOVER_IN_PROGRESS", "SWITCHOVER_INITIATED", true), T0 + MS);
        BgState s = tracker.observe(BgRole.TARGET, read("SWITCHOVER_IN_PROGRESS", "SWITCHOVER_INITIATED", false), T0 + 2 * MS);
        assertEquals(BgPhase.IN_PROGRESS, s.phase());
        assertFalse(s.rolledBack());
        assertTrue(s.holding(T0 + 3 * MS));
    }

    @Test
    @DisplayName("first seen mid-switchover: held at once; first seen completed: switched at once")
    void detectedLate() {
        BgState s = tracker.observe(BgRole.SOURCE, read("SWITCHOVER_IN_PROGRESS", "SWITCHOVER_IN_PROGRESS", true), T0);
        assertTrue(s.holding(T0 + MS));
        assertNotNull(s.plan());

        BgTracker late = new BgTracker("late", TIMEOUT_MS, BgFixture.RESOLVE);
        BgState c = late.observe(BgRole.SOURCE, read("SWITCHOVER_COMPLETED", "SWITCHOVER_COMPLETED", true), T0);
        assertTrue(c.switched());
        assertFalse(c.holding(T0));
    }

    @Test
    @DisplayName("a nudge (an error on blue or green) polls at the high rate for a while, then back to increased")
    void nudgeRaisesTheRate() {
        both(tracker, "AVAILABLE", T0);
        tracker.nudge(T0);
        assertEquals(100, tracker.nextPollDelayMs(BgRole.SOURCE, false, 60_000, 1000, 100, T0 + MS));
        assertEquals(1000, tracker.nextPollDelayMs(BgRole.SOURCE, false, 60_000, 1000, 100, T0 + BgTracker.NUDGE_NANOS + MS));
    }

    @Test
    @DisplayName("after COMPLETED the monitors fall back to the baseline rate")
    void completedIsBaseline() {
        both(tracker, "AVAILABLE", T0);
        both(tracker, "SWITCHOVER_IN_PROGRESS", T0 + MS);
        both(tracker, "SWITCHOVER_COMPLETED", T0 + 2 * MS);
        assertEquals(60_000, tracker.nextPollDelayMs(BgRole.SOURCE, false, 60_000, 1000, 100, T0 + 3 * MS));
    }

    @Test
    @DisplayName("first seen after the rename while DNS lags: green's addresses stay unknown (no route to blue by mistake) until DNS moves")
    void firstSeenAfterTheRenameDuringTheDnsLag() {
        java.util.Map<String, String> dns = new java.util.HashMap<>();
        String old1Cluster = "sim-old1.cluster-czx.us-east-1.rds.amazonaws.com";
        String old1Writer = "instance-1-old1" + BgFixture.D;
        dns.put(old1Cluster, "10.0.0.2");
        dns.put(old1Writer, "10.0.0.11");
        dns.put(BgFixture.BLUE_CLUSTER, "10.0.0.2");   // green took the name; DNS still says blue
        dns.put(BgFixture.BLUE_1, "10.0.0.11");
        BgTracker fresh = new BgTracker("fresh", TIMEOUT_MS, dns::get);
        List<BgRow> rows = List.of(
                new BgRow("1.0", old1Cluster, 3306, BgRole.SOURCE, BgPhase.POST),
                new BgRow("1.0", old1Writer, 3306, BgRole.SOURCE, BgPhase.POST),
                new BgRow("1.0", BgFixture.BLUE_CLUSTER, 3306, BgRole.TARGET, BgPhase.POST),
                new BgRow("1.0", BgFixture.BLUE_1, 3306, BgRole.TARGET, BgPhase.POST));
        BgState s = fresh.observe(BgRole.SOURCE, new BgMetadata.Read(rows, List.of()), T0);
        assertTrue(s.switched());
        assertEquals(null, s.plan().greenRoute(BgFixture.BLUE_CLUSTER, 3306), "no route while green's address is unknown");
        dns.put(BgFixture.BLUE_CLUSTER, "10.0.1.2");   // DNS moved
        dns.put(BgFixture.BLUE_1, "10.0.1.11");
        s = fresh.observe(BgRole.SOURCE, new BgMetadata.Read(rows, List.of()), T0 + MS);
        assertEquals("10.0.1.2", s.plan().greenRoute(BgFixture.BLUE_CLUSTER, 3306).address());
        assertEquals("10.0.1.2", s.plan().greenRoute(old1Cluster, 3306).address(), "blue's -old1 name leads to green too");
    }
}
