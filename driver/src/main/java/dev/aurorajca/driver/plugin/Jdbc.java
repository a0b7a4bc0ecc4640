package dev.aurorajca.driver.plugin;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;

/** The few things the driver does to a physical connection whose link may already be gone. */
public final class Jdbc {

    private Jdbc() { }

    /** Closes {@code c} (null: nothing), ignoring failure: the link is gone either way. */
    public static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing more to do: the link is gone either way
            }
        }
    }

    /** Aborts {@code c} without waiting for the network; falls back to close when abort fails. */
    public static void abortQuietly(Connection c, Executor executor) {
        if (c != null) {
            try {
                c.abort(executor);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(c);
            }
        }
    }

    /** Whether {@code c} says it is open; a connection that cannot tell is taken as closed. */
    public static boolean isOpen(Connection c) {
        try {
            return c != null && !c.isClosed();
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }
}
