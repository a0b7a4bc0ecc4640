package dev.aurorajca.ra;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The adapter's numbered log messages. An operator can grep for the id; a test can assert on
 * it. Ranges: 01xx lifecycle, 02xx configuration, 03xx connection health, 04xx transactions.
 * No message ever contains a password: settings are logged through their redacting
 * {@code toString()}.
 */
final class RaLog {

    static final Logger LOG = Logger.getLogger("dev.aurorajca.ra");

    static final String STARTED = "AJCA0101";
    static final String STOPPED = "AJCA0102";
    static final String NOT_STARTED = "AJCA0103";
    static final String INVALID_CONFIG = "AJCA0201";
    static final String MISSING_CONFIG = "AJCA0202";
    static final String BAD_DRIVER_PROPERTIES = "AJCA0203";
    static final String CONNECTION_UNUSABLE = "AJCA0301";
    static final String FAILOVER_KEPT = "AJCA0302";
    static final String HANDLE_CLOSED = "AJCA0303";
    static final String DESTROY_FAILED = "AJCA0304";
    static final String RESET_FAILED = "AJCA0305";
    static final String INVALID_ON_VALIDATION = "AJCA0306";
    static final String CONNECT_FAILED = "AJCA0307";
    static final String CREDENTIALS_MISMATCH = "AJCA0308";
    static final String MANAGED_TX_FORBIDDEN = "AJCA0401";
    static final String TX_STATE_CONFLICT = "AJCA0402";
    static final String TX_BEGIN_REPEATED = "AJCA0403";
    static final String TX_OUTCOME_UNKNOWN = "AJCA0404";
    static final String TX_RESET_DEFERRED = "AJCA0405";
    static final String XA = "AJCA0410";
    static final String XA_BRANCH_LOST = "AJCA0411";
    static final String XA_COMPLETED_AFTER_FAILOVER = "AJCA0412";
    static final String XA_RECOVERY = "AJCA0413";

    private RaLog() { }

    static String msg(String id, String text) {
        return id + ": " + text;
    }

    static void log(Level level, String id, String text) {
        if (LOG.isLoggable(level)) {
            LOG.log(level, msg(id, text));
        }
    }

    static void log(Level level, String id, String text, Throwable t) {
        if (LOG.isLoggable(level)) {
            LOG.log(level, msg(id, text), t);
        }
    }
}
