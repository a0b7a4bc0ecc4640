package dev.aurorajca.driver.monitoring;

import java.lang.ref.WeakReference;
import java.sql.Connection;

/**
 * What a host monitor knows about one physical connection: whether a call is in flight and
 * since when. One per physical connection, reused for every call, so watching a call costs two
 * volatile writes. The physical connection is held weakly: a connection the application leaks
 * (never closes) is not pinned by its monitor.
 */
final class MonitorContext {

    private final WeakReference<Connection> connection;
    final HostMonitor monitor;
    private volatile long startNanos;
    private volatile boolean active;
    private volatile boolean retired;
    /** Monitor thread only: whether the previous run saw a call in flight (a call ended since). */
    boolean seenActive;

    MonitorContext(Connection c, HostMonitor monitor) {
        this.connection = new WeakReference<>(c);
        this.monitor = monitor;
    }

    void begin(long now) {
        startNanos = now;
        active = true;
    }

    void end() {
        active = false;
    }

    long startNanos() { return startNanos; }

    boolean isActive() { return active && !retired; }

    /** The logical connection closed or moved to another physical connection. */
    void retire() {
        retired = true;
        active = false;
    }

    /** Whether the monitor should forget this context. */
    boolean isGone() {
        return retired || connection.get() == null;
    }

    boolean belongsTo(Connection c) {
        return connection.get() == c && !retired && !monitor.isClosed();
    }

    Connection connection() { return connection.get(); }
}
