package dev.aurorajca.ra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.clustersim.FailoverResult;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimClusterConfig;
import dev.aurorajca.clustersim.SimClusterExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * XA through the adapter against a real 3-node cluster (MariaDB 10.11, GTID + semi-sync
 * replication): a prepared branch survives a writer crash on the promoted replica and recovery
 * through the deployed factory's properties completes it; a crash inside an unprepared branch
 * fails it fast.
 */
@Tag("cluster")
@ExtendWith(SimClusterExtension.class)
@SimClusterConfig(nodes = 3)
@DisplayName("XA against a real cluster")
class XaOnClusterTest {

    private static final AtomicInteger IDS = new AtomicInteger();
    private AuroraResourceAdapter adapter;
    private final List<AuroraManagedConnection> opened = new ArrayList<>();

    @BeforeEach
    void start(SimCluster cluster) throws SQLException {
        cluster.healAll();
        adapter = new AuroraResourceAdapter();
        adapter.start(null);
        try (Connection admin = cluster.adminConnection(cluster.writer().id()); Statement st = admin.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + cluster.database() + ".xa_ra (id INT PRIMARY KEY)");
            st.execute("DELETE FROM " + cluster.database() + ".xa_ra");
            try (ResultSet rs = st.executeQuery("XA RECOVER")) {
                while (rs.next()) { // a branch an earlier failed run left prepared
                    st.execute("XA ROLLBACK X'" + java.util.HexFormat.of().formatHex(
                            java.util.Arrays.copyOf(rs.getBytes(4), rs.getInt(2))) + "',X'" + java.util.HexFormat.of().formatHex(
                            java.util.Arrays.copyOfRange(rs.getBytes(4), rs.getInt(2), rs.getInt(2) + rs.getInt(3))) + "',"
                            + rs.getInt(1));
                }
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (AuroraManagedConnection mc : opened) {
            mc.destroy();
        }
        adapter.stop();
    }

    private AuroraManagedConnectionFactory factory(SimCluster cluster) throws Exception {
        AuroraManagedConnectionFactory f = new AuroraManagedConnectionFactory();
        f.setClusterEndpoint(cluster.writer().host());
        f.setPort(cluster.writer().port());
        f.setDatabase(cluster.database());
        f.setUser(cluster.user());
        f.setPassword(cluster.password());
        f.setConnectTimeout(2000);
        f.setFailoverTimeoutMs(20000L);
        f.setClusterId("sim-" + cluster.dir().getFileName());
        f.setResourceAdapter(adapter);
        return f;
    }

    private AuroraManagedConnection managed(AuroraManagedConnectionFactory f) throws Exception {
        AuroraManagedConnection mc = (AuroraManagedConnection) f.createManagedConnection(null, null);
        opened.add(mc);
        return mc;
    }

    /** An xid with bytes a charset conversion would break (0x00, 0xff, non-UTF-8). */
    private static Xid xid() {
        int n = IDS.incrementAndGet();
        return new XaSql.SimpleXid(4660, new byte[] {0, (byte) 0xff, (byte) 0xc3, 0x28, (byte) n, 'g'},
                new byte[] {(byte) 0x80, (byte) n, 0});
    }

    private static void insert(Connection c, int id) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO xa_ra VALUES (" + id + ")");
        }
    }

    private static long rows(SimCluster cluster, int id) throws SQLException {
        try (Connection admin = cluster.adminConnection(cluster.writer().id()); Statement st = admin.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + cluster.database() + ".xa_ra WHERE id = " + id)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean listed(Xid[] found, Xid xid) {
        for (Xid x : found) {
            if (XaSql.same(x, xid)) {
                return true;
            }
        }
        return false;
    }

    @Test
    @DisplayName("start, work, end, prepare, commit: the row is committed; XA RECOVER lists the prepared branch with its exact bytes")
    void twoPhaseCommit(SimCluster cluster) throws Exception {
        AuroraManagedConnection mc = managed(factory(cluster));
        XAResource xa = mc.getXAResource();
        Connection h = (Connection) mc.getConnection(null, null);
        Xid xid = xid();
        xa.start(xid, XAResource.TMNOFLAGS);
        insert(h, 1);
        SQLException refused = assertThrows(SQLException.class, () -> h.setReadOnly(true));
        assertEquals("25000", refused.getSQLState());
        xa.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, xa.prepare(xid));
        Xid[] found = xa.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        assertTrue(listed(found, xid), "XA RECOVER lists the prepared branch");
        for (Xid x : found) {
            if (XaSql.same(x, xid)) {
                assertArrayEquals(xid.getGlobalTransactionId(), x.getGlobalTransactionId());
                assertArrayEquals(xid.getBranchQualifier(), x.getBranchQualifier());
            }
        }
        assertEquals(0, rows(cluster, 1), "not visible before commit");
        xa.commit(xid, false);
        assertEquals(1, rows(cluster, 1));
        h.close();
    }

    @Test
    @DisplayName("prepare, writer crash, promotion: XA RECOVER through the adapter's recovery resource finds the branch on the new writer and commit completes it")
    void preparedBranchSurvivesWriterCrash(SimCluster cluster) throws Exception {
        AuroraManagedConnectionFactory f = factory(cluster);
        AuroraManagedConnection mc = managed(f);
        XAResource xa = mc.getXAResource();
        Connection h = (Connection) mc.getConnection(null, null);
        Xid xid = xid();
        xa.start(xid, XAResource.TMNOFLAGS);
        insert(h, 2);
        xa.end(xid, XAResource.TMSUCCESS);
        xa.prepare(xid);
        h.close();

        FailoverResult failover = cluster.failover();
        assertEquals(failover.newWriterId(), cluster.writer().id());
        // The promoted replica holds the prepared branch (MariaDB binlogs XA PREPARE and the replica applied it).
        try (Connection admin = cluster.adminConnection(failover.newWriterId()); Statement st = admin.createStatement();
                ResultSet rs = st.executeQuery("XA RECOVER")) {
            assertTrue(rs.next(), "XA RECOVER on the promoted replica (node " + failover.newWriterId() + ") is empty");
        }

        XAResource[] recovery = adapter.getXAResources(null);
        assertEquals(1, recovery.length, "one recovery resource per writer configuration");
        Xid[] found = recovery[0].recover(XAResource.TMSTARTRSCAN);
        assertTrue(listed(found, xid), "recovery through the new writer lists the prepared branch");
        assertEquals(0, recovery[0].recover(XAResource.TMENDRSCAN).length);
        recovery[0].commit(xid, false);
        assertEquals(1, rows(cluster, 2), "committed on the new writer");
        assertFalse(listed(recovery[0].recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN), xid));
        mc.cleanup();
    }

    @Test
    @DisplayName("prepared, then the writer crashes before commit: commit through the same connection fails over and commits on the new writer")
    void commitAfterCrashCompletesOnNewWriter(SimCluster cluster) throws Exception {
        AuroraManagedConnection mc = managed(factory(cluster));
        XAResource xa = mc.getXAResource();
        Connection h = (Connection) mc.getConnection(null, null);
        Xid xid = xid();
        xa.start(xid, XAResource.TMNOFLAGS);
        insert(h, 3);
        xa.end(xid, XAResource.TMSUCCESS);
        xa.prepare(xid);
        cluster.failover();
        xa.commit(xid, false);
        assertEquals(1, rows(cluster, 3));
        h.close();
        mc.cleanup();
    }

    @Test
    @DisplayName("a crash inside the branch before prepare: the statement sees 08007, end fails XAER_RMFAIL, rollback succeeds, nothing committed; the connection works afterwards")
    void crashBeforePrepareFailsFast(SimCluster cluster) throws Exception {
        AuroraManagedConnection mc = managed(factory(cluster));
        EventRecorder events = new EventRecorder();
        mc.addConnectionEventListener(events);
        XAResource xa = mc.getXAResource();
        Connection h = (Connection) mc.getConnection(null, null);
        Xid xid = xid();
        xa.start(xid, XAResource.TMNOFLAGS);
        insert(h, 4);
        FailoverResult failover = cluster.failover();
        SQLException e = assertThrows(SQLException.class, () -> insert(h, 5));
        assertEquals("08007", e.getSQLState(), () -> "got " + e);
        SQLException again = assertThrows(SQLException.class, () -> insert(h, 6));
        assertEquals("08007", again.getSQLState(), "no statement may run on the new writer outside the lost branch");
        XAException end = assertThrows(XAException.class, () -> xa.end(xid, XAResource.TMSUCCESS));
        assertEquals(XAException.XAER_RMFAIL, end.errorCode);
        xa.rollback(xid);
        assertEquals(0, rows(cluster, 4));
        assertEquals(0, rows(cluster, 5));
        assertEquals(0, rows(cluster, 6));
        assertFalse(events.types.contains(EventRecorder.ERROR), "the failed-over connection stays in the pool");

        Xid next = xid();
        xa.start(next, XAResource.TMNOFLAGS);
        insert(h, 7);
        xa.end(next, XAResource.TMSUCCESS);
        xa.commit(next, true);
        assertEquals(1, rows(cluster, 7));
        try (Statement st = h.createStatement(); ResultSet rs = st.executeQuery("SELECT @@server_id")) {
            rs.next();
            assertEquals(failover.newWriterId(), rs.getLong(1));
        }
        h.close();
        mc.cleanup();
    }
}
