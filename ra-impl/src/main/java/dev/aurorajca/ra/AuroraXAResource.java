package dev.aurorajca.ra;

import dev.aurorajca.driver.AuroraConnection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XA side of one managed connection: MySQL's XA statements sent over the failover-aware
 * logical connection (not Connector/J's {@code MysqlXAConnection}, which is bound to one physical
 * connection and would bypass failover and host monitoring).
 *
 * <p>What a failover means for a branch:
 * <ul>
 *   <li>before {@code prepare} the branch lived only in the old writer's session, so it is gone:
 *       the statement that met the failover sees {@code 08007}, every later statement on the
 *       connection too (the branch must not continue on the new writer, where it would autocommit),
 *       and {@code end}/{@code prepare} fail fast with {@code XAER_RMFAIL}, so the transaction
 *       manager rolls back; {@code rollback} of the lost branch succeeds;</li>
 *   <li>{@code XA START} that meets a failover is repeated on the new writer (nothing ran yet);</li>
 *   <li>a prepared branch survives on the replicas (MariaDB 10.5+ and MySQL 8 binlog
 *       {@code XA PREPARE}): {@code commit}/{@code rollback} that meet a failover are repeated once
 *       on the new writer, and {@code recover} there lists it.</li>
 * </ul>
 *
 * <p>{@code end(TMSUCCESS|TMFAIL)} only records the end; {@code XA END} is sent right before
 * {@code XA PREPARE}, {@code XA COMMIT ... ONE PHASE} or {@code XA ROLLBACK}. MySQL cannot re-join an
 * ended branch ({@code XA START ... JOIN} is not supported), while transaction managers do enlist
 * the same resource again with {@code TMJOIN}; keeping the session in the branch until the next
 * phase makes that work. Suspend/resume are bookkeeping only, for the same reason.
 *
 * <p>{@link #isSameRM} is true only for this object: every connection gets a branch of its own.
 */
final class AuroraXAResource implements XAResource {

    /** Where this connection's session stands with respect to the branch it was given. */
    enum State {
        /** No branch on this session (prepared branches live on the server, not in a session). */
        NONE,
        /** Between start and end: application work runs in the branch. */
        ACTIVE,
        /** Suspended by the transaction manager; the session is still in the branch. */
        SUSPENDED,
        /** {@code end} was called; {@code XA END} is sent with the next phase. */
        ENDED,
        /** A failover took the session, and the unprepared branch with it. */
        LOST
    }

    private final AuroraManagedConnection managed;
    private State state = State.NONE;
    private Xid xid;
    /** A branch a failover may have taken (its end or prepare met one): a later rollback may find nothing. */
    private Xid mayBeGone;

    AuroraXAResource(AuroraManagedConnection managed) {
        this.managed = managed;
    }

    synchronized State state() {
        return state;
    }

    /** True while the session holds a branch (or held one a failover took): application work is inside XA. */
    synchronized boolean enlisted() {
        return state != State.NONE;
    }

    /**
     * A statement of the application met a successful failover while the session held the branch:
     * the branch is gone. Returns true if this changed the state (first notice).
     */
    synchronized boolean branchLostByFailover() {
        if (state == State.NONE || state == State.LOST) {
            return false;
        }
        state = State.LOST;
        RaLog.log(Level.WARNING, RaLog.XA_BRANCH_LOST, "XA branch " + xid + " was lost: the connection failed over to "
                + managed.logical().currentHost() + " before prepare; the transaction manager will roll the transaction back");
        return true;
    }

    /** Forgets a lost branch (cleanup of the managed connection). */
    synchronized void forgetLostBranch() {
        if (state == State.LOST) {
            reset();
        }
    }

    private void reset() {
        state = State.NONE;
        xid = null;
        managed.xaBranchClosed();
    }

    // ---- XAResource ------------------------------------------------------------------------------

    @Override
    public synchronized void start(Xid xid, int flags) throws XAException {
        requireXid(xid);
        switch (flags) {
            case TMNOFLAGS -> {
                if (state == State.LOST) {
                    reset(); // the transaction manager moved on without rolling the lost branch back
                }
                if (state != State.NONE) {
                    throw XaSql.xa(XAException.XAER_PROTO, "start(" + xid + "): the connection is still in branch " + this.xid, null);
                }
                if (managed.localTransactionOpen()) {
                    throw XaSql.xa(XAException.XAER_OUTSIDE, "start(" + xid + "): a local transaction is open on the connection", null);
                }
                try {
                    execute(XaSql.start(xid));
                } catch (SQLException e) {
                    if (!XaSql.movedByFailover(e)) {
                        throw failure("start", xid, e);
                    }
                    // Nothing ran in the branch yet: start it on the new writer.
                    RaLog.log(Level.INFO, RaLog.XA_COMPLETED_AFTER_FAILOVER, "XA START " + xid + " met a failover to "
                            + managed.logical().currentHost() + " before anything ran; repeated it there");
                    try {
                        execute(XaSql.start(xid));
                    } catch (SQLException again) {
                        again.addSuppressed(e);
                        throw failure("start", xid, again);
                    }
                }
                this.xid = xid;
                state = State.ACTIVE;
            }
            case TMJOIN, TMRESUME -> {
                if (!XaSql.same(this.xid, xid)) {
                    throw XaSql.xa(XAException.XAER_NOTA, "start(" + xid + ", " + (flags == TMJOIN ? "TMJOIN" : "TMRESUME")
                            + "): this connection holds " + (this.xid == null ? "no branch" : "branch " + this.xid)
                            + " (MySQL cannot join a branch of another session)", null);
                }
                if (state == State.LOST) {
                    throw lost("start");
                }
                if (flags == TMRESUME ? state != State.SUSPENDED : state != State.ENDED && state != State.ACTIVE) {
                    throw XaSql.xa(XAException.XAER_PROTO, "start(" + xid + ", " + (flags == TMJOIN ? "TMJOIN" : "TMRESUME")
                            + ") in state " + state, null);
                }
                state = State.ACTIVE;
            }
            default -> throw XaSql.xa(XAException.XAER_INVAL, "start: unsupported flags " + flags, null);
        }
    }

    @Override
    public synchronized void end(Xid xid, int flags) throws XAException {
        requireCurrent("end", xid);
        if (state == State.LOST) {
            managed.xaHandlesRestored(); // the application's handles leave the transaction
            throw lost("end");
        }
        switch (flags) {
            case TMSUCCESS, TMFAIL -> {
                if (state != State.ACTIVE && state != State.SUSPENDED) {
                    throw XaSql.xa(XAException.XAER_PROTO, "end(" + xid + ") in state " + state, null);
                }
                state = State.ENDED;
            }
            case TMSUSPEND -> {
                if (state != State.ACTIVE) {
                    throw XaSql.xa(XAException.XAER_PROTO, "end(" + xid + ", TMSUSPEND) in state " + state, null);
                }
                state = State.SUSPENDED;
            }
            default -> throw XaSql.xa(XAException.XAER_INVAL, "end: unsupported flags " + flags, null);
        }
    }

    @Override
    public synchronized int prepare(Xid xid) throws XAException {
        requireXid(xid);
        if (!XaSql.same(this.xid, xid)) {
            // Not this session's branch: let the server say whether it knows it.
            try {
                execute(XaSql.prepare(xid));
                return XA_OK;
            } catch (SQLException e) {
                throw failure("prepare", xid, e);
            }
        }
        if (state == State.LOST) {
            throw lost("prepare");
        }
        if (state != State.ENDED) {
            throw XaSql.xa(XAException.XAER_PROTO, "prepare(" + xid + ") in state " + state + " (end was not called)", null);
        }
        try {
            sendEnd(xid, "prepare");
            try {
                execute(XaSql.prepare(xid));
            } catch (SQLException e) {
                if (XaSql.movedByFailover(e)) {
                    // The old writer may have prepared (and replicated) it or not: a rollback must accept either.
                    mayBeGone = xid;
                    throw XaSql.xa(XAException.XAER_RMFAIL, "prepare(" + xid + ") met a failover to "
                            + managed.logical().currentHost() + "; its outcome is unknown, roll the transaction back", e);
                }
                throw failure("prepare", xid, e);
            }
            return XA_OK;
        } finally {
            reset();
        }
    }

    @Override
    public synchronized void commit(Xid xid, boolean onePhase) throws XAException {
        requireXid(xid);
        if (onePhase) {
            commitOnePhase(xid);
            return;
        }
        if (XaSql.same(this.xid, xid)) {
            throw XaSql.xa(XAException.XAER_PROTO, "commit(" + xid + ", two-phase) before prepare (state " + state + ")", null);
        }
        try {
            execute(XaSql.commit(xid, false));
        } catch (SQLException e) {
            if (!XaSql.movedByFailover(e)) {
                throw failure("commit", xid, e);
            }
            // The prepared branch replicated: it waits on the new writer. Commit it there.
            try {
                execute(XaSql.commit(xid, false));
                RaLog.log(Level.INFO, RaLog.XA_COMPLETED_AFTER_FAILOVER, "XA COMMIT " + xid + " met a failover; committed the"
                        + " prepared branch on the new writer " + managed.logical().currentHost());
            } catch (SQLException again) {
                again.addSuppressed(e);
                if (again.getErrorCode() == XaSql.ER_XAER_NOTA) {
                    // Committed by the first attempt before the crash, or its prepare never reached the new writer.
                    throw XaSql.xa(XAException.XA_HEURHAZ, "commit(" + xid + ") met a failover and the new writer "
                            + managed.logical().currentHost() + " does not know the branch: it was committed on the old writer,"
                            + " or lost with it", again);
                }
                throw failure("commit", xid, again);
            }
        }
    }

    private void commitOnePhase(Xid xid) throws XAException {
        if (!XaSql.same(this.xid, xid)) {
            throw XaSql.xa(XAException.XAER_NOTA, "commit(" + xid + ", one-phase): not this connection's branch", null);
        }
        if (state == State.LOST) {
            reset();
            throw XaSql.xa(XAException.XA_RBCOMMFAIL, "commit(" + xid + ", one-phase): the branch was lost in a failover"
                    + " before the commit and is rolled back", null);
        }
        if (state != State.ENDED) {
            throw XaSql.xa(XAException.XAER_PROTO, "commit(" + xid + ", one-phase) in state " + state + " (end was not called)", null);
        }
        try {
            try {
                sendEnd(xid, "commit");
            } catch (XAException x) {
                if (x.errorCode == XAException.XAER_RMFAIL && x.getCause() instanceof SQLException s && XaSql.movedByFailover(s)) {
                    XAException rb = XaSql.xa(XAException.XA_RBCOMMFAIL, "commit(" + xid + ", one-phase): the branch was lost in a"
                            + " failover to " + managed.logical().currentHost() + " and is rolled back", s);
                    throw rb;
                }
                throw x;
            }
            try {
                execute(XaSql.commit(xid, true));
            } catch (SQLException e) {
                if (XaSql.movedByFailover(e)) {
                    throw XaSql.xa(XAException.XAER_RMFAIL, "commit(" + xid + ", one-phase) met a failover to "
                            + managed.logical().currentHost() + " while in flight: its outcome is unknown", e);
                }
                throw failure("commit", xid, e);
            }
        } finally {
            reset();
        }
    }

    @Override
    public synchronized void rollback(Xid xid) throws XAException {
        requireXid(xid);
        if (XaSql.same(this.xid, xid)) {
            if (state == State.LOST) {
                reset(); // the branch died with the old session: nothing is left to roll back
                return;
            }
            try {
                try {
                    execute(XaSql.end(xid));
                } catch (SQLException e) {
                    if (XaSql.movedByFailover(e)) {
                        return; // gone with the old session
                    }
                    // e.g. XA END refused because the server already rolled the branch back (deadlock): roll back anyway
                    RaLog.log(Level.FINE, RaLog.XA, "XA END before rollback of " + xid + " failed (" + XaSql.describe(e) + ")");
                }
                rollbackPrepared(xid, true);
            } finally {
                reset();
            }
            return;
        }
        boolean unknown = XaSql.same(mayBeGone, xid);
        mayBeGone = null;
        rollbackPrepared(xid, unknown);
    }

    /** {@code XA ROLLBACK}, repeated once on the new writer after a failover. */
    private void rollbackPrepared(Xid xid, boolean mayBeAbsent) throws XAException {
        try {
            execute(XaSql.rollback(xid));
        } catch (SQLException e) {
            boolean moved = XaSql.movedByFailover(e);
            if (!moved) {
                if (mayBeAbsent && e.getErrorCode() == XaSql.ER_XAER_NOTA) {
                    return;
                }
                throw failure("rollback", xid, e);
            }
            try {
                execute(XaSql.rollback(xid));
                RaLog.log(Level.INFO, RaLog.XA_COMPLETED_AFTER_FAILOVER, "XA ROLLBACK " + xid + " met a failover; rolled the"
                        + " prepared branch back on the new writer " + managed.logical().currentHost());
            } catch (SQLException again) {
                if (again.getErrorCode() == XaSql.ER_XAER_NOTA) {
                    return; // not prepared anywhere the new writer knows: nothing to roll back
                }
                again.addSuppressed(e);
                throw failure("rollback", xid, again);
            }
        }
    }

    @Override
    public void forget(Xid xid) throws XAException {
        requireXid(xid);
        // MySQL never completes a branch heuristically, so there is nothing to forget.
    }

    @Override
    public synchronized Xid[] recover(int flag) throws XAException {
        if ((flag & ~(TMSTARTRSCAN | TMENDRSCAN)) != 0) {
            throw XaSql.xa(XAException.XAER_INVAL, "recover: unsupported flags " + flag, null);
        }
        if ((flag & TMSTARTRSCAN) == 0) {
            return new Xid[0]; // the whole list went out with TMSTARTRSCAN
        }
        try {
            return readRecover();
        } catch (SQLException e) {
            if (!XaSql.movedByFailover(e)) {
                throw failure("recover", null, e);
            }
            try {
                return readRecover();
            } catch (SQLException again) {
                again.addSuppressed(e);
                throw failure("recover", null, again);
            }
        }
    }

    private Xid[] readRecover() throws SQLException {
        try (Statement st = managed.logical().createStatement(); ResultSet rs = st.executeQuery(XaSql.RECOVER)) {
            return XaSql.readRecover(rs);
        }
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    /** MySQL has no XA branch timeout; the transaction manager's own timeout applies. */
    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false;
    }

    // ---- plumbing --------------------------------------------------------------------------------

    private void sendEnd(Xid xid, String phase) throws XAException {
        try {
            execute(XaSql.end(xid));
        } catch (SQLException e) {
            if (XaSql.movedByFailover(e)) {
                mayBeGone = xid;
                throw XaSql.xa(XAException.XAER_RMFAIL, phase + "(" + xid + "): the connection failed over to "
                        + managed.logical().currentHost() + " before the branch was prepared; the branch is lost, roll back", e);
            }
            throw failure(phase, xid, e);
        }
    }

    private void execute(String sql) throws SQLException {
        AuroraConnection logical = managed.logical();
        try (Statement st = logical.createStatement()) {
            st.execute(sql);
        }
    }

    private XAException failure(String what, Xid xid, SQLException e) {
        SQLException classified = managed.connectionError(e); // fires CONNECTION_ERROR_OCCURRED for an unusable connection
        return XaSql.xa(XaSql.errorCode(classified), what + (xid == null ? "" : "(" + xid + ")") + " failed ("
                + XaSql.describe(classified) + ")", classified);
    }

    private XAException lost(String what) {
        return XaSql.xa(XAException.XAER_RMFAIL, what + "(" + xid + "): the branch was lost when the connection failed over to "
                + managed.logical().currentHost() + " before prepare; roll the transaction back", null);
    }

    private void requireXid(Xid xid) throws XAException {
        if (xid == null) {
            throw XaSql.xa(XAException.XAER_INVAL, "xid is null", null);
        }
    }

    private void requireCurrent(String what, Xid xid) throws XAException {
        requireXid(xid);
        if (!XaSql.same(this.xid, xid)) {
            throw XaSql.xa(XAException.XAER_NOTA, what + "(" + xid + "): this connection holds "
                    + (this.xid == null ? "no branch" : "branch " + this.xid), null);
        }
    }

    @Override
    public String toString() {
        return "AuroraXAResource[" + managed + ", " + state + (xid == null ? "" : " " + xid) + "]";
    }
}
