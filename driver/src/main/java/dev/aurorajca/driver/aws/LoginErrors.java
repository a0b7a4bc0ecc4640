package dev.aurorajca.driver.aws;

import java.sql.SQLException;

/**
 * Failure-path helpers for the plugins that put a credential into a login ({@code iam} tokens,
 * {@code aws_secrets_manager} passwords): is this a refused login, and an exception guaranteed not
 * to carry the credential.
 */
public final class LoginErrors {

    /** MySQL's "access denied": wrong password, or a token the server did not accept. */
    public static final int ER_ACCESS_DENIED = 1045;
    public static final String SQLSTATE_AUTH = "28000";

    private LoginErrors() { }

    /** True when {@code e} or a cause is a refused login (error 1045 or SQLState 28000). */
    public static boolean isLoginFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && (s.getErrorCode() == ER_ACCESS_DENIED || SQLSTATE_AUTH.equals(s.getSQLState()))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * {@code e}, or a copy with {@code secret} replaced by {@code placeholder} and no cause when any
     * message in its chain (causes, suppressed, next exceptions) contains it. No known server or
     * driver echoes a password, but one that leaked into a log would let anyone log in.
     */
    public static SQLException scrub(SQLException e, String secret, String placeholder) {
        if (secret == null || secret.isEmpty() || !mentions(e, secret)) {
            return e;
        }
        SQLException clean = new SQLException(redact(e.getMessage(), secret, placeholder), e.getSQLState(), e.getErrorCode());
        clean.setStackTrace(e.getStackTrace());
        return clean;
    }

    /** True when {@code secret} appears in a message or {@code toString()} anywhere in {@code e}'s chain. */
    public static boolean mentions(Throwable e, String secret) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (contains(t.getMessage(), secret) || contains(t.toString(), secret)) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (mentions(s, secret)) {
                    return true;
                }
            }
            if (t instanceof SQLException sql && sql.getNextException() != null && mentions(sql.getNextException(), secret)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean contains(String text, String secret) {
        return text != null && text.contains(secret);
    }

    private static String redact(String text, String secret, String placeholder) {
        return text == null ? null : text.replace(secret, placeholder);
    }
}
