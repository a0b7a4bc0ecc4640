package dev.aurorajca.ra;

import jakarta.resource.ResourceException;
import java.util.logging.Level;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XA resource {@link AuroraResourceAdapter#getXAResources} hands a transaction manager for
 * crash recovery: one per deployed writer configuration. Every call opens a connection with the
 * deployed factory's properties (endpoint, credentials, plugins: it reaches the current writer
 * through failover like any connection), runs {@code XA RECOVER}, {@code XA COMMIT} or
 * {@code XA ROLLBACK} there, and closes it. Recovery is rare; holding no connection between calls
 * means nothing to leak when a transaction manager never ends its scan.
 */
final class RecoveryXAResource implements XAResource {

    @FunctionalInterface
    private interface Op<T> {
        T run(XAResource xa) throws XAException;
    }

    private final AuroraManagedConnectionFactory factory;

    RecoveryXAResource(AuroraManagedConnectionFactory factory) {
        this.factory = factory;
    }

    AuroraManagedConnectionFactory factory() {
        return factory;
    }

    private <T> T withConnection(String what, Op<T> op) throws XAException {
        AuroraManagedConnection mc;
        try {
            mc = (AuroraManagedConnection) factory.createManagedConnection(null, null);
        } catch (ResourceException e) {
            throw XaSql.xa(XAException.XAER_RMFAIL, "recovery " + what + ": cannot connect with " + factory + " (" + e.getMessage() + ")", e);
        }
        try {
            return op.run(mc.getXAResource());
        } finally {
            try {
                mc.destroy();
            } catch (ResourceException | RuntimeException e) {
                RaLog.log(Level.FINE, RaLog.XA_RECOVERY, "closing the recovery connection failed", e);
            }
        }
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        Xid[] found = withConnection("recover", xa -> xa.recover(flag));
        if (found.length > 0) {
            RaLog.log(Level.INFO, RaLog.XA_RECOVERY, "XA RECOVER through " + factory + " found " + found.length + " prepared branch(es)");
        }
        return found;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        withConnection("commit", xa -> {
            xa.commit(xid, false); // recovery only ever completes prepared branches
            return null;
        });
        RaLog.log(Level.INFO, RaLog.XA_RECOVERY, "recovery committed prepared branch " + xid);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        withConnection("rollback", xa -> {
            xa.rollback(xid);
            return null;
        });
        RaLog.log(Level.INFO, RaLog.XA_RECOVERY, "recovery rolled back prepared branch " + xid);
    }

    @Override
    public void forget(Xid xid) {
        // MySQL never completes a branch heuristically
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        throw XaSql.xa(XAException.XAER_PROTO, "the recovery XA resource takes no new work", null);
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        throw XaSql.xa(XAException.XAER_PROTO, "the recovery XA resource takes no new work", null);
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        throw XaSql.xa(XAException.XAER_PROTO, "the recovery XA resource takes no new work", null);
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false;
    }

    @Override
    public String toString() {
        return "RecoveryXAResource[" + factory + "]";
    }
}
