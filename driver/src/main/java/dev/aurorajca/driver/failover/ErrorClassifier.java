package dev.aurorajca.driver.failover;

import java.sql.SQLException;

/** Decides, on the failure path only, whether an exception means "this instance is gone". */
public final class ErrorClassifier {

    /** MySQL: the server runs with --read-only / --super-read-only. */
    public static final int ER_OPTION_PREVENTS_STATEMENT = 1290;
    /** MySQL: running in read-only mode (innodb_read_only). */
    public static final int ER_READ_ONLY_MODE = 1836;

    private ErrorClassifier() { }

    /** A broken or closed link: SQLState class 08 anywhere in the cause chain, except 08004 (login rejected). */
    public static boolean isNetworkError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && state.startsWith("08") && !state.equals("08004")) {
                    return true;
                }
                if ("28000".equals(state) || s.getErrorCode() == 1045) {
                    return false; // a login error never means the instance is gone
                }
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    /**
     * Connector/J reports commit()/rollback() in autocommit mode ("Can't call rollback when
     * autocommit=true") with SQLState 08003, "connection does not exist", although the link is
     * fine. An 08003 while the physical connection still says it is open is such a usage error,
     * not a dead instance: no failover, and the physical connection stays usable.
     */
    public static boolean isUsageErrorOnOpenConnection(SQLException e, java.sql.Connection physical) {
        if (!"08003".equals(e.getSQLState()) || physical == null) {
            return false;
        }
        try {
            return !physical.isClosed();
        } catch (SQLException | RuntimeException notKnown) {
            return false;
        }
    }

    /** The connection sits on an instance that refuses writes: a demoted writer. */
    public static boolean isReadOnlyError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s) {
                int code = s.getErrorCode();
                if (code == ER_OPTION_PREVENTS_STATEMENT || code == ER_READ_ONLY_MODE) {
                    String msg = String.valueOf(s.getMessage()).toLowerCase(java.util.Locale.ROOT);
                    // 1290 is also raised for other options (e.g. --skip-grant-tables); only read-only counts.
                    if (code == ER_READ_ONLY_MODE || msg.contains("read-only") || msg.contains("read_only")) {
                        return true;
                    }
                }
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
