package dev.aurorajca.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aurorajca.driver.cluster.FakeInstances.Instance;
import dev.aurorajca.driver.time.ManualTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The topology monitor and its verification of a writer change, on a fake clock. */
@Tag("unit")
@DisplayName("cluster topology monitor (fake clock)")
class ClusterContextTest {

    private final ManualTime time = new ManualTime();
    private final FakeInstances fake = new FakeInstances(time);
    private Instance w1;
    private Instance r2;
    private ClusterContext cluster;

    @BeforeEach
    void start() throws SQLException {
        w1 = fake.add("w1", true);
        r2 = fake.add("r2", false);
        fake.add("r3", false);
        cluster = fake.cluster(FakeInstances.settings(Map.of("clusterTopologyRefreshRateMs", "30000",
                "clusterTopologyHighRefreshRateMs", "100")));
        fake.reported = fake.topology("w1");
        Connection c = fake.connectTo(w1);
        cluster.initialize(c);
        c.close();
    }

    @AfterEach
    void close() {
        cluster.close();
        assertEquals(0, fake.openConnections(), "the monitor's connection was closed with the cluster");
        assertEquals(0, time.pending(), "no monitor task is left");
    }

    @Test
    @DisplayName("the first connection teaches the topology; the monitor refreshes it every clusterTopologyRefreshRateMs")
    void refreshesAtTheNormalRate() {
        assertEquals("w1", cluster.topology().writer().instanceId());
        assertEquals(3, cluster.knownInstanceCount());
        assertEquals(30000, cluster.nextRefreshDelayMs());
        int before = w1.connects.get();
        time.advanceMillis(29_999);
        assertEquals(before, w1.connects.get(), "no refresh before the rate");
        time.advanceMillis(1);
        assertEquals(before + 1, w1.connects.get(), "the refresh opened the monitor's connection to the writer");
        time.advanceMillis(30_000);
        assertEquals(before + 1, w1.connects.get(), "and keeps it open for the next refresh");
    }

    @Test
    @DisplayName("a monitor result naming a writer that does not answer writable is not believed")
    void unverifiedWriterChangeIsNotBelieved() {
        int epoch = cluster.writerEpoch();
        fake.reported = fake.topology("r2"); // a stale or confused reader's view; r2 is still read-only
        time.advanceMillis(30_000);
        assertEquals("w1", cluster.topology().writer().instanceId(), "the confirmed writer stays");
        assertEquals(epoch, cluster.writerEpoch());
        assertEquals(30000, cluster.nextRefreshDelayMs(), "no writer change, no high rate");
    }

    @Test
    @DisplayName("a monitor result naming a writer that answers writable is believed: epoch bumped, high rate for 30 s")
    void verifiedWriterChangeIsBelieved() {
        int epoch = cluster.writerEpoch();
        w1.writable = false;
        r2.writable = true;
        fake.reported = fake.topology("r2");
        time.advanceMillis(30_000);
        assertEquals("r2", cluster.topology().writer().instanceId());
        assertEquals(epoch + 1, cluster.writerEpoch());
        assertEquals(100, cluster.nextRefreshDelayMs(), "high rate after a writer change");
        time.advanceMillis(ClusterContext.HIGH_RATE_AFTER_CHANGE_NANOS / 1_000_000);
        assertEquals(30000, cluster.nextRefreshDelayMs(), "back to the normal rate 30 s later");
    }

    @Test
    @DisplayName("a reader connection that reached a writable instance teaches the promotion at once when its topology agrees")
    void readerWasWriter() throws SQLException {
        w1.writable = false;
        r2.writable = true;
        fake.reported = fake.topology("r2");
        Connection c = fake.connectTo(r2);
        cluster.readerWasWriter(c, "r2");
        c.close();
        assertEquals("r2", cluster.topology().writer().instanceId());
        assertEquals(100, cluster.nextRefreshDelayMs());
    }

    @Test
    @DisplayName("while a writer search holds it, the monitor refreshes at the high rate")
    void highRateWhileSearching() {
        cluster.holdHighRefreshRate(true);
        assertEquals(100, cluster.nextRefreshDelayMs());
        cluster.holdHighRefreshRate(false);
        assertEquals(30000, cluster.nextRefreshDelayMs());
    }

    @Test
    @DisplayName("a broken monitor connection is closed and the next refresh opens another, on the next reachable instance")
    void brokenMonitorConnection() {
        time.advanceMillis(30_000);
        assertEquals(1, fake.openConnections());
        w1.reachable = false;
        time.advanceMillis(30_000); // the refresh fails on the dead link
        assertEquals(0, fake.openConnections(), "the broken connection was closed");
        time.advanceMillis(30_000);
        assertEquals(1, fake.openConnections(), "a new monitor connection, to a reader");
        assertEquals(1, r2.connects.get(), "the writer is unreachable: the monitor moved to the first reader");
    }
}
