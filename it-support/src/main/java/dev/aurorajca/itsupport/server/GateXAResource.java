package dev.aurorajca.itsupport.server;

import java.util.HexFormat;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * An XA resource the test enlists last in a transaction: its {@code prepare} runs after the
 * other resources prepared, arrives at an {@link XaGate} with the transaction's global id and
 * waits there, so the client can crash the writer between prepare and commit. It votes read-only
 * and keeps no state, so the transaction manager never calls it again.
 */
public final class GateXAResource implements XAResource {

    private final String gate;

    public GateXAResource(String gate) {
        this.gate = gate;
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        try {
            XaGate.arriveAndWait(gate, HexFormat.of().formatHex(xid.getGlobalTransactionId()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            XAException x = new XAException("interrupted at gate " + gate);
            x.errorCode = XAException.XAER_RMERR;
            throw x;
        }
        return XA_RDONLY;
    }

    @Override public void start(Xid xid, int flags) { }
    @Override public void end(Xid xid, int flags) { }
    @Override public void commit(Xid xid, boolean onePhase) { }
    @Override public void rollback(Xid xid) { }
    @Override public void forget(Xid xid) { }
    @Override public Xid[] recover(int flag) { return new Xid[0]; }
    @Override public boolean isSameRM(XAResource other) { return other == this; }
    @Override public int getTransactionTimeout() { return 0; }
    @Override public boolean setTransactionTimeout(int seconds) { return false; }
}
