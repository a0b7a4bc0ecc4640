package dev.aurorajca.driver.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.cluster.ClusterContext;
import dev.aurorajca.driver.cluster.FakeInstances;
import dev.aurorajca.driver.cluster.FakeInstances.Instance;
import dev.aurorajca.driver.time.ManualTime;
import dev.aurorajca.driver.topology.HostSpec;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The failover writer search on a fake clock: every instance is probed every
 * {@code failoverProbeIntervalMs} (100 ms here), whatever the topology says, and the first that
 * answers writable is named — at most one interval after it became writable.
 */
@Tag("unit")
@DisplayName("writer search (fake clock)")
class WriterSearchTest {

    private final ManualTime time = new ManualTime();
    private final FakeInstances fake = new FakeInstances(time);
    private Instance w1;
    private Instance r2;
    private Instance r3;
    private ClusterContext cluster;
    private WriterSearch search;

    @BeforeEach
    void cluster() throws SQLException {
        w1 = fake.add("w1", true);
        r2 = fake.add("r2", false);
        r3 = fake.add("r3", false);
        cluster = fake.cluster(FakeInstances.settings(Map.of("failoverProbeIntervalMs", "100")));
    }

    @AfterEach
    void stop() {
        if (search != null) {
            search.stop();
        }
        cluster.close();
        assertEquals(0, fake.openConnections(), "every probe connection was closed");
    }

    private WriterSearch start(Instance... probed) {
        List<HostSpec> hosts = java.util.Arrays.stream(probed).map(i -> i.spec).toList();
        search = new WriterSearch(cluster, fake.dialect(), hosts);
        search.start();
        return search;
    }

    /** The cluster learns the topology (w1 the writer) from a first connection, as on a first connect. */
    private void known() throws SQLException {
        fake.reported = fake.topology("w1");
        java.sql.Connection c = fake.connectTo(w1);
        cluster.initialize(c);
        c.close();
    }

    /** What the search names now, without waiting. */
    private HostSpec named() throws InterruptedException {
        return search.await(time.nanoTime());
    }

    @Test
    @DisplayName("a late promotion is seen at the first probe after it, not before")
    void latePromotion() throws Exception {
        w1.reachable = false; // the writer crashed
        start(w1, r2, r3);
        time.advanceMillis(950);
        assertNull(named(), "no instance is writable yet");
        r2.writable = true; // promoted at t = 950 ms
        time.advanceMillis(49);
        assertNull(named(), "the next probe round is at 1000 ms");
        time.advanceMillis(1);
        assertEquals(r2.spec, named(), "seen at the first probe round after the promotion");
        assertEquals(1000, time.elapsedMillis());
        assertTrue(fake.openConnections() <= 2, "one kept-open probe connection per reachable instance, not one per round");
    }

    @Test
    @DisplayName("two writers at once: the one a caller rejected is not named again within the interval")
    void twoWritersAtOnce() throws Exception {
        r2.writable = true; // promoted while the old writer still answers writable
        start(w1, r2, r3);
        time.advanceMillis(0);
        assertEquals(w1.spec, named(), "the first writable answer is named");
        time.advanceMillis(50);
        search.reject(w1.spec); // the caller's own connection found w1 read-only
        assertNull(named(), "a rejected writer is forgotten");
        time.advanceMillis(50); // next round: w1 still answers writable to the probe, 50 ms after the rejection
        assertEquals(r2.spec, named(), "the other writer is named, not the rejected one again");
    }

    @Test
    @DisplayName("a rejected writer that stays writable past the interval is named again")
    void rejectedWriterComesBack() throws Exception {
        start(w1, r2);
        time.advanceMillis(50);
        assertEquals(w1.spec, named());
        search.reject(w1.spec); // at 50 ms
        time.advanceMillis(50);
        assertNull(named(), "the round at 100 ms is within one interval of the rejection: ignored");
        time.advanceMillis(100);
        assertEquals(w1.spec, named(), "its answer still holds at 200 ms, past the interval: believed again");
    }

    @Test
    @DisplayName("a flapping writer: probe connections that break are reopened, never leaked, and the writer is found when it answers")
    void flappingWriter() throws Exception {
        w1.reachable = false;
        r2.writable = true;
        r2.reachable = false;
        start(w1, r2, r3);
        for (int round = 0; round < 6; round++) {
            r2.reachable = round % 2 == 1; // up, down, up... but read-only whenever it is up, until round 5
            r2.writable = round == 5;
            time.advanceMillis(100);
            assertTrue(fake.openConnections() <= 2, "at most one probe connection per reachable instance: " + fake.openConnections());
            if (round < 5) {
                assertNull(named(), "round " + round);
            }
        }
        assertEquals(r2.spec, named());
        assertTrue(r2.connects.get() >= 3, "the probe reconnected after each break: " + r2.connects.get());
    }

    @Test
    @DisplayName("a replica that answers writable before the topology says so is named (the search does not trust roles)")
    void writableBeforeTopology() throws Exception {
        known(); // the cluster believes w1 is the writer
        int epoch = cluster.writerEpoch();
        w1.writable = false; // demoted
        r3.writable = true;  // promoted; no topology says so yet
        start(w1, r2, r3);
        time.advanceMillis(0);
        assertEquals(r3.spec, named());
        assertEquals("w1", cluster.topology().writer().instanceId(), "the search itself does not change the topology");
        cluster.writerConfirmed(r3.spec); // what Routing.connectWriter does once its own connection confirms it
        assertEquals("r3", cluster.topology().writer().instanceId());
        assertEquals(epoch + 1, cluster.writerEpoch(), "connections re-check themselves after a writer change");
    }

    @Test
    @DisplayName("stop() ends every probe and closes its connection; a stopped search names nothing")
    void stopClosesProbes() throws Exception {
        w1.writable = false;
        start(w1, r2, r3);
        time.advanceMillis(0);
        assertEquals(3, fake.openConnections());
        search.stop();
        assertEquals(0, fake.openConnections());
        assertEquals(0, time.pending(), "no probe task is left scheduled");
        assertNull(search.await(time.nanoTime() + 1_000_000_000L), "a stopped search returns at once");
        search = null;
    }

    @Test
    @DisplayName("waiters of one cluster share one search, which stops with the last of them")
    void sharedSearch() throws Exception {
        WriterSearches searches = WriterSearches.of(cluster);
        HostSpec endpoint = HostSpec.endpoint("cluster.example", 3306);
        assertEquals(List.of(endpoint), searches.candidates(endpoint), "with no topology known, the endpoint is all there is");
        known();
        assertEquals(List.of(w1.spec, r2.spec, r3.spec), searches.candidates(null), "every known instance");
        assertEquals(List.of(w1.spec, r2.spec, r3.spec), searches.candidates(endpoint),
                "an endpoint is not probed once instances are known (it lags the writer by DNS)");
        assertEquals(1, time.pending(), "the topology monitor is scheduled");
        // The deadline passes before the fake clock runs any probe round: null, and the search ends with its last waiter.
        assertNull(searches.awaitWriter(null, null, time.nanoTime()));
        assertEquals(1, time.pending(), "the last waiter stopped the search: only the topology monitor is left");
        assertEquals(0, fake.openConnections());
    }
}
