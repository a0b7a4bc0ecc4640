package dev.aurorajca.itsupport.server;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks an exception's cause chain (and SQLException next-exception chains). Deliberately free
 * of driver classes so a servlet using it deploys without the rar.
 */
public final class Chains {

    public static final String FAILOVER_SUCCESS = "08S02";
    public static final String TRANSACTION_UNKNOWN = "08007";
    public static final String FAILOVER_FAILED = "08001";

    private Chains() {
    }

    /** Every throwable in the chain, outermost first, each once. */
    public static List<Throwable> chain(Throwable t) {
        List<Throwable> out = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        collect(t, out, seen);
        return out;
    }

    private static void collect(Throwable t, List<Throwable> out, Map<Throwable, Boolean> seen) {
        while (t != null && seen.put(t, Boolean.TRUE) == null) {
            out.add(t);
            if (t instanceof SQLException sql && sql.getNextException() != null && sql.getNextException() != t.getCause()) {
                collect(sql.getNextException(), out, seen);
            }
            t = t.getCause();
        }
    }

    /** The first SQLException in the chain with one of the failover outcome states, else null. */
    public static SQLException failoverOutcome(Throwable t) {
        for (Throwable c : chain(t)) {
            if (c instanceof SQLException sql) {
                String s = sql.getSQLState();
                if (FAILOVER_SUCCESS.equals(s) || TRANSACTION_UNKNOWN.equals(s) || FAILOVER_FAILED.equals(s)) {
                    return sql;
                }
            }
        }
        return null;
    }

    /** The outcome that classifies {@code t}: a failover outcome if any, else the first SQLException, else t. */
    public static Throwable significant(Throwable t) {
        SQLException f = failoverOutcome(t);
        if (f != null) {
            return f;
        }
        for (Throwable c : chain(t)) {
            if (c instanceof SQLException) {
                return c;
            }
        }
        return t;
    }

    public static String sqlState(Throwable t) {
        return t instanceof SQLException sql && sql.getSQLState() != null ? sql.getSQLState() : "-";
    }

    public static int errorCode(Throwable t) {
        return t instanceof SQLException sql ? sql.getErrorCode() : 0;
    }

    /** Whether any SQLException in the chain has MySQL error {@code code}. */
    public static boolean hasErrorCode(Throwable t, int code) {
        for (Throwable c : chain(t)) {
            if (c instanceof SQLException sql && sql.getErrorCode() == code) {
                return true;
            }
        }
        return false;
    }

    /** One line per throwable: class, SQLState/error code, message. */
    public static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c : chain(t)) {
            if (sb.length() > 0) {
                sb.append("\n  caused by ");
            }
            sb.append(c.getClass().getName());
            if (c instanceof SQLException sql) {
                sb.append(" [").append(sql.getSQLState()).append('/').append(sql.getErrorCode()).append(']');
            }
            sb.append(": ").append(c.getMessage());
        }
        return sb.toString();
    }

    /** Text safe for one line of the servlets' line protocol. */
    public static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }
}
