package dev.aurorajca.ra;

import dev.aurorajca.driver.FailoverSuccessSQLException;
import dev.aurorajca.driver.TransactionStateUnknownSQLException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.transaction.xa.XAException;
import javax.transaction.xa.Xid;

/**
 * The MySQL/MariaDB XA statements and what their errors mean to a transaction manager. The XA
 * SQL is the same on Aurora MySQL (MySQL 8) and MariaDB 10.5+; xids travel as hex literals, so
 * any bytes a transaction manager puts in a global transaction id survive.
 */
final class XaSql {

    // MySQL/MariaDB error codes of the XA statements (same numbers on both).
    static final int ER_XAER_NOTA = 1397;
    static final int ER_XAER_INVAL = 1398;
    static final int ER_XAER_RMFAIL = 1399;
    static final int ER_XAER_OUTSIDE = 1400;
    static final int ER_XAER_RMERR = 1401;
    static final int ER_XA_RBROLLBACK = 1402;
    static final int ER_XAER_DUPID = 1440;
    static final int ER_XA_RBTIMEOUT = 1613;
    static final int ER_XA_RBDEADLOCK = 1614;

    private static final HexFormat HEX = HexFormat.of();

    private XaSql() { }

    /** {@code X'gtrid',X'bqual',formatId}: the xid as MySQL and MariaDB take it. */
    static String xid(Xid xid) {
        return "X'" + HEX.formatHex(xid.getGlobalTransactionId()) + "',X'" + HEX.formatHex(xid.getBranchQualifier()) + "',"
                + xid.getFormatId();
    }

    static String start(Xid xid) { return "XA START " + xid(xid); }
    static String end(Xid xid) { return "XA END " + xid(xid); }
    static String prepare(Xid xid) { return "XA PREPARE " + xid(xid); }
    static String commit(Xid xid, boolean onePhase) { return "XA COMMIT " + xid(xid) + (onePhase ? " ONE PHASE" : ""); }
    static String rollback(Xid xid) { return "XA ROLLBACK " + xid(xid); }
    static final String RECOVER = "XA RECOVER";

    /**
     * Reads {@code XA RECOVER}: {@code formatID, gtrid_length, bqual_length, data} where data is
     * the gtrid bytes followed by the bqual bytes.
     */
    static Xid[] readRecover(ResultSet rs) throws SQLException {
        List<Xid> out = new ArrayList<>();
        while (rs.next()) {
            int format = rs.getInt(1);
            int gl = rs.getInt(2);
            int bl = rs.getInt(3);
            byte[] data = rs.getBytes(4);
            if (data == null || data.length < gl + bl) {
                continue; // not a row this code can read; never seen, but never guess an xid
            }
            out.add(new SimpleXid(format, Arrays.copyOfRange(data, 0, gl), Arrays.copyOfRange(data, gl, gl + bl)));
        }
        return out.toArray(new Xid[0]);
    }

    /** The connection moved to a healthy instance (the failover succeeded; the old session is gone). */
    static boolean movedByFailover(SQLException e) {
        String s = e.getSQLState();
        return FailoverSuccessSQLException.SQL_STATE.equals(s) || TransactionStateUnknownSQLException.SQL_STATE.equals(s);
    }

    /** A connection-level failure: the branch's session may be gone. */
    static boolean connectionLevel(SQLException e) {
        String s = e.getSQLState();
        return s != null && s.startsWith("08");
    }

    /** The XA error code for a failed XA statement. */
    static int errorCode(SQLException e) {
        if (connectionLevel(e)) {
            return XAException.XAER_RMFAIL;
        }
        return switch (e.getErrorCode()) {
            case ER_XAER_NOTA -> XAException.XAER_NOTA;
            case ER_XAER_INVAL -> XAException.XAER_INVAL;
            case ER_XAER_RMFAIL -> XAException.XAER_RMFAIL; // MySQL uses it for "command not allowed in this XA state"
            case ER_XAER_OUTSIDE -> XAException.XAER_OUTSIDE;
            case ER_XAER_RMERR -> XAException.XAER_RMERR;
            case ER_XA_RBROLLBACK -> XAException.XA_RBROLLBACK;
            case ER_XAER_DUPID -> XAException.XAER_DUPID;
            case ER_XA_RBTIMEOUT -> XAException.XA_RBTIMEOUT;
            case ER_XA_RBDEADLOCK -> XAException.XA_RBDEADLOCK;
            default -> XAException.XAER_RMERR;
        };
    }

    static XAException xa(int code, String message, Throwable cause) {
        XAException x = new XAException(RaLog.msg(RaLog.XA, message + " [" + codeName(code) + "]"));
        x.errorCode = code;
        if (cause != null) {
            x.initCause(cause);
        }
        return x;
    }

    static String codeName(int code) {
        return switch (code) {
            case XAException.XAER_NOTA -> "XAER_NOTA";
            case XAException.XAER_INVAL -> "XAER_INVAL";
            case XAException.XAER_RMFAIL -> "XAER_RMFAIL";
            case XAException.XAER_OUTSIDE -> "XAER_OUTSIDE";
            case XAException.XAER_RMERR -> "XAER_RMERR";
            case XAException.XAER_PROTO -> "XAER_PROTO";
            case XAException.XAER_DUPID -> "XAER_DUPID";
            case XAException.XAER_ASYNC -> "XAER_ASYNC";
            case XAException.XA_RBROLLBACK -> "XA_RBROLLBACK";
            case XAException.XA_RBCOMMFAIL -> "XA_RBCOMMFAIL";
            case XAException.XA_RBTIMEOUT -> "XA_RBTIMEOUT";
            case XAException.XA_RBDEADLOCK -> "XA_RBDEADLOCK";
            case XAException.XA_HEURHAZ -> "XA_HEURHAZ";
            case XAException.XA_HEURCOM -> "XA_HEURCOM";
            case XAException.XA_HEURRB -> "XA_HEURRB";
            case XAException.XA_HEURMIX -> "XA_HEURMIX";
            default -> "XA error " + code;
        };
    }

    static String describe(SQLException e) {
        return "SQLState " + e.getSQLState() + ", error " + e.getErrorCode() + ": " + e.getMessage();
    }

    /** An xid read back from {@code XA RECOVER} (or made by a test). */
    record SimpleXid(int formatId, byte[] gtrid, byte[] bqual) implements Xid {
        @Override public int getFormatId() { return formatId; }
        @Override public byte[] getGlobalTransactionId() { return gtrid.clone(); }
        @Override public byte[] getBranchQualifier() { return bqual.clone(); }

        @Override
        public boolean equals(Object o) {
            return o instanceof Xid x && x.getFormatId() == formatId && Arrays.equals(x.getGlobalTransactionId(), gtrid)
                    && Arrays.equals(x.getBranchQualifier(), bqual);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * formatId + Arrays.hashCode(gtrid)) + Arrays.hashCode(bqual);
        }

        @Override
        public String toString() {
            return XaSql.xid(this);
        }
    }

    /** Equal branch ids, whatever Xid class each side uses. */
    static boolean same(Xid a, Xid b) {
        return a == b || (a != null && b != null && a.getFormatId() == b.getFormatId()
                && Arrays.equals(a.getGlobalTransactionId(), b.getGlobalTransactionId())
                && Arrays.equals(a.getBranchQualifier(), b.getBranchQualifier()));
    }
}
