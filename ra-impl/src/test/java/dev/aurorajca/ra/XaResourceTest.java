package dev.aurorajca.ra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The XA resource's logic over a stub logical connection that records the XA SQL and fails on cue. */
@Tag("unit")
@DisplayName("XA resource (stub JDBC)")
class XaResourceTest {

    private final List<XaStubLogical> opened = new ArrayList<>();
    private AuroraResourceAdapter adapter;
    private AuroraManagedConnectionFactory factory;
    private final EventRecorder events = new EventRecorder();
    private AuroraManagedConnection mc;
    private XaStubLogical db;
    private XAResource xa;
    private final Xid xid = new XaSql.SimpleXid(4660, new byte[] {1, (byte) 0xab}, new byte[] {0, 7});

    @BeforeEach
    void setUp() throws Exception {
        adapter = new AuroraResourceAdapter((runtime, settings) -> {
            XaStubLogical s = new XaStubLogical(settings);
            opened.add(s);
            return s.proxy;
        });
        adapter.start(null);
        factory = factory("mydb.cluster-abc123.us-east-1.rds.amazonaws.com", false);
        mc = (AuroraManagedConnection) factory.createManagedConnection(null, null);
        mc.addConnectionEventListener(events);
        db = opened.get(0);
        xa = mc.getXAResource();
    }

    private AuroraManagedConnectionFactory factory(String endpoint, boolean readOnly) throws Exception {
        AuroraManagedConnectionFactory f = new AuroraManagedConnectionFactory();
        f.setClusterEndpoint(endpoint);
        f.setUser("app");
        f.setPassword("s3cret-pw");
        f.setReadOnly(readOnly);
        f.setResourceAdapter(adapter);
        return f;
    }

    @AfterEach
    void tearDown() {
        adapter.stop();
    }

    private static void insert(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO t VALUES (1)");
        }
    }

    @Test
    @DisplayName("one XA resource per managed connection; the xid travels as hex literals")
    void sqlOfATwoPhaseCommit() throws Exception {
        assertSame(xa, mc.getXAResource());
        Connection h = (Connection) mc.getConnection(null, null);
        xa.start(xid, XAResource.TMNOFLAGS);
        insert(h);
        xa.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, xa.prepare(xid));
        xa.commit(xid, false);
        assertEquals(List.of("XA START X'01ab',X'0007',4660", "INSERT INTO t VALUES (1)", "XA END X'01ab',X'0007',4660",
                "XA PREPARE X'01ab',X'0007',4660", "XA COMMIT X'01ab',X'0007',4660"), db.sql);
        assertTrue(events.types.isEmpty(), "no connection events for XA work: " + events.types);
    }

    @Test
    @DisplayName("end only records the end: a TMJOIN re-enlistment continues the branch, XA END goes out once before XA COMMIT ONE PHASE")
    void endIsDeferredSoJoinWorks() throws Exception {
        xa.start(xid, XAResource.TMNOFLAGS);
        xa.end(xid, XAResource.TMSUCCESS);
        xa.start(xid, XAResource.TMJOIN);
        xa.end(xid, XAResource.TMSUSPEND);
        xa.start(xid, XAResource.TMRESUME);
        xa.end(xid, XAResource.TMSUCCESS);
        xa.commit(xid, true);
        assertEquals(List.of("XA START <xid>", "XA END <xid>", "XA COMMIT <xid> ONE PHASE"), db.xa());
        XAException join = assertThrows(XAException.class,
                () -> xa.start(new XaSql.SimpleXid(1, new byte[] {9}, new byte[] {9}), XAResource.TMJOIN));
        assertEquals(XAException.XAER_NOTA, join.errorCode, "MySQL cannot join another session's branch");
    }

    @Test
    @DisplayName("XA START that meets a successful failover is repeated on the new writer")
    void startRepeatedAfterFailover() throws Exception {
        db.failNext("XA START", db.moved("08S02"));
        xa.start(xid, XAResource.TMNOFLAGS);
        assertEquals(List.of("XA START <xid>", "XA START <xid>"), db.xa());
        assertTrue(mc.getXAResource() instanceof AuroraXAResource r && r.state() == AuroraXAResource.State.ACTIVE);
    }

    @Test
    @DisplayName("a failover inside the branch: the statement sees 08007 (also when the driver said 08S02), later calls too; end and prepare fail XAER_RMFAIL; rollback succeeds; no error event; the connection works afterwards")
    void failoverInsideBranchFailsFast() throws Exception {
        Connection h = (Connection) mc.getConnection(null, null);
        xa.start(xid, XAResource.TMNOFLAGS);
        db.failNext("INSERT", db.moved("08S02"));
        SQLException e = assertThrows(SQLException.class, () -> insert(h));
        assertEquals("08007", e.getSQLState());
        SQLException later = assertThrows(SQLException.class, () -> insert(h));
        assertEquals("08007", later.getSQLState(), "nothing may run on the new writer outside the lost branch");
        Connection second = (Connection) mc.getConnection(null, null);
        assertEquals("08007", assertThrows(SQLException.class, () -> insert(second)).getSQLState(), "a new handle in the same transaction too");
        int executed = db.sql.size();

        XAException end = assertThrows(XAException.class, () -> xa.end(xid, XAResource.TMSUCCESS));
        assertEquals(XAException.XAER_RMFAIL, end.errorCode);
        XAException prepare = assertThrows(XAException.class, () -> xa.prepare(xid));
        assertEquals(XAException.XAER_RMFAIL, prepare.errorCode);
        xa.rollback(xid);
        assertEquals(executed, db.sql.size(), "the lost branch needs no SQL to end");
        assertFalse(events.types.contains(EventRecorder.ERROR), "a connection that failed over stays in the pool");

        insert(h); // after the branch ended the handle works again (autocommit work on the new writer)
        xa.start(xid, XAResource.TMNOFLAGS);
        insert(second);
        xa.end(xid, XAResource.TMSUCCESS);
        xa.commit(xid, true);
    }

    @Test
    @DisplayName("one-phase commit of a branch lost in a failover reports XA_RBCOMMFAIL (rolled back), not an unknown outcome")
    void onePhaseCommitOfLostBranch() throws Exception {
        Connection h = (Connection) mc.getConnection(null, null);
        xa.start(xid, XAResource.TMNOFLAGS);
        db.failNext("INSERT", db.moved("08007"));
        assertThrows(SQLException.class, () -> insert(h));
        // a transaction manager that ignores end's failure and commits one-phase
        assertThrows(XAException.class, () -> xa.end(xid, XAResource.TMSUCCESS));
        XAException x = assertThrows(XAException.class, () -> xa.commit(xid, true));
        assertEquals(XAException.XA_RBCOMMFAIL, x.errorCode);
        assertDoesNotThrow(() -> xa.start(xid, XAResource.TMNOFLAGS), "the connection takes a new branch");
    }

    @Test
    @DisplayName("XA END at prepare meets a failover: XAER_RMFAIL; XA PREPARE meets one: XAER_RMFAIL and the rollback accepts a branch the new writer does not know")
    void prepareAcrossFailover() throws Exception {
        xa.start(xid, XAResource.TMNOFLAGS);
        xa.end(xid, XAResource.TMSUCCESS);
        db.failNext("XA END", db.moved("08S02"));
        assertEquals(XAException.XAER_RMFAIL, assertThrows(XAException.class, () -> xa.prepare(xid)).errorCode);
        db.failNext("XA ROLLBACK", XaStubLogical.mysqlError(XaSql.ER_XAER_NOTA));
        xa.rollback(xid); // the branch died with the old session: the new writer does not know it, and that is fine
        db.sql.clear();

        xa.start(xid, XAResource.TMNOFLAGS);
        xa.end(xid, XAResource.TMSUCCESS);
        db.failNext("XA PREPARE", db.moved("08S02"));
        assertEquals(XAException.XAER_RMFAIL, assertThrows(XAException.class, () -> xa.prepare(xid)).errorCode);
        db.failNext("XA ROLLBACK", XaStubLogical.mysqlError(XaSql.ER_XAER_NOTA));
        xa.rollback(xid);
        assertEquals(List.of("XA START <xid>", "XA END <xid>", "XA PREPARE <xid>", "XA ROLLBACK <xid>"), db.xa());
    }

    @Test
    @DisplayName("second-phase commit meets a failover: repeated on the new writer; if it does not know the branch: XA_HEURHAZ")
    void commitAcrossFailover() throws Exception {
        db.failNext("XA COMMIT", db.moved("08S02"));
        xa.commit(xid, false);
        assertEquals(List.of("XA COMMIT <xid>", "XA COMMIT <xid>"), db.xa());

        db.failNext("XA COMMIT", db.moved("08007")).failNext("XA COMMIT", XaStubLogical.mysqlError(XaSql.ER_XAER_NOTA));
        assertEquals(XAException.XA_HEURHAZ, assertThrows(XAException.class, () -> xa.commit(xid, false)).errorCode);

        db.failNext("XA COMMIT", XaStubLogical.mysqlError(XaSql.ER_XAER_NOTA));
        assertEquals(XAException.XAER_NOTA, assertThrows(XAException.class, () -> xa.commit(xid, false)).errorCode,
                "without a failover NOTA is the server's answer");
    }

    @Test
    @DisplayName("MySQL XA errors map to XA codes; a failed failover is XAER_RMFAIL and makes the pool destroy the connection")
    void errorMapping() throws Exception {
        db.failNext("XA START", XaStubLogical.mysqlError(XaSql.ER_XAER_DUPID));
        assertEquals(XAException.XAER_DUPID, assertThrows(XAException.class, () -> xa.start(xid, XAResource.TMNOFLAGS)).errorCode);
        db.failNext("XA ROLLBACK", XaStubLogical.mysqlError(XaSql.ER_XA_RBDEADLOCK));
        assertEquals(XAException.XA_RBDEADLOCK, assertThrows(XAException.class, () -> xa.rollback(xid)).errorCode);
        db.failNext("XA START", db.failoverFailed());
        XAException x = assertThrows(XAException.class, () -> xa.start(xid, XAResource.TMNOFLAGS));
        assertEquals(XAException.XAER_RMFAIL, x.errorCode);
        assertTrue(x.getMessage().contains("XAER_RMFAIL") && x.getMessage().contains("08001"), x.getMessage());
        assertEquals(List.of(EventRecorder.ERROR), events.types);
    }

    @Test
    @DisplayName("while enlisted: setReadOnly switching, commit, rollback and setAutoCommit are refused (25000); the same readOnly value is allowed; a local transaction blocks XA START")
    void refusedWhileEnlisted() throws Exception {
        Connection h = (Connection) mc.getConnection(null, null);
        xa.start(xid, XAResource.TMNOFLAGS);
        assertEquals("25000", assertThrows(SQLException.class, () -> h.setReadOnly(true)).getSQLState());
        h.setReadOnly(false);
        assertEquals("25000", assertThrows(SQLException.class, h::commit).getSQLState());
        assertEquals("25000", assertThrows(SQLException.class, h::rollback).getSQLState());
        assertEquals("25000", assertThrows(SQLException.class, () -> h.setAutoCommit(false)).getSQLState());
        xa.end(xid, XAResource.TMSUCCESS);
        xa.rollback(xid);
        h.setReadOnly(true); // outside the branch: allowed
        h.setReadOnly(false);

        h.setAutoCommit(false); // an application local transaction
        assertEquals(XAException.XAER_OUTSIDE, assertThrows(XAException.class, () -> xa.start(xid, XAResource.TMNOFLAGS)).errorCode);
    }

    @Test
    @DisplayName("recover reads XA RECOVER's rows on TMSTARTRSCAN only; bad flags are XAER_INVAL")
    void recover() throws Exception {
        db.recoverRows.add(new Object[] {4660, 2, 2, new byte[] {1, (byte) 0xab, 0, 7}});
        db.recoverRows.add(new Object[] {1, 3, 0, new byte[] {0, 0, (byte) 0xff}});
        Xid[] found = xa.recover(XAResource.TMSTARTRSCAN);
        assertEquals(2, found.length);
        assertTrue(XaSql.same(xid, found[0]));
        assertArrayEquals(new byte[] {0, 0, (byte) 0xff}, found[1].getGlobalTransactionId());
        assertArrayEquals(new byte[0], found[1].getBranchQualifier());
        assertEquals(0, xa.recover(XAResource.TMNOFLAGS).length);
        assertEquals(0, xa.recover(XAResource.TMENDRSCAN).length);
        assertEquals(XAException.XAER_INVAL, assertThrows(XAException.class, () -> xa.recover(XAResource.TMJOIN)).errorCode);
        assertFalse(xa.isSameRM(((AuroraManagedConnection) factory.createManagedConnection(null, null)).getXAResource()),
                "every connection is a branch of its own");
    }

    @Test
    @DisplayName("getXAResources: one recovery resource per writer configuration (readers and unconfigured factories skipped); each call uses and closes a connection of that factory")
    void recoveryResources() throws Exception {
        factory("mydb.cluster-abc123.us-east-1.rds.amazonaws.com", true); // reader
        factory("mydb.cluster-abc123.us-east-1.rds.amazonaws.com", false); // equal writer configuration
        factory("other.cluster-abc123.us-east-1.rds.amazonaws.com", false);
        new AuroraManagedConnectionFactory().setResourceAdapter(adapter); // Payara's default pool: no ClusterEndpoint
        XAResource[] rs = adapter.getXAResources(null);
        assertEquals(2, rs.length);
        int before = opened.size();
        rs[0].recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        rs[0].rollback(xid);
        assertEquals(before + 2, opened.size(), "a connection per call");
        for (XaStubLogical s : opened.subList(before, opened.size())) {
            assertEquals(1, s.closeCount, "closed after its call");
            assertTrue(s.settings.host().endsWith(".cluster-abc123.us-east-1.rds.amazonaws.com"));
            assertEquals("app", s.settings.user(), "the deployed factory's credentials");
        }
        assertEquals(XAException.XAER_PROTO, assertThrows(XAException.class, () -> rs[0].start(xid, XAResource.TMNOFLAGS)).errorCode);
    }

    @Test
    @DisplayName("cleanup forgets a lost branch the transaction manager never rolled back")
    void cleanupForgetsLostBranch() throws Exception {
        Connection h = (Connection) mc.getConnection(null, null);
        xa.start(xid, XAResource.TMNOFLAGS);
        db.failNext("INSERT", db.moved("08S02"));
        assertThrows(SQLException.class, () -> insert(h));
        mc.cleanup();
        Connection next = (Connection) mc.getConnection(null, null);
        insert(next);
        assertEquals(AuroraXAResource.State.NONE, ((AuroraXAResource) xa).state());
    }
}
