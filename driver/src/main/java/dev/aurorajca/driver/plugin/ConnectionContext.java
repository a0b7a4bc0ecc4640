package dev.aurorajca.driver.plugin;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.topology.HostSpec;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a plugin sees of one logical connection: its current physical connection and host, its
 * transaction state, the cluster and runtime it belongs to, the ways to change its physical
 * connection, and typed per-plugin state. Every change of the physical connection is announced
 * to every plugin through {@link ConnectionPlugin#connectionChanged}.
 */
public interface ConnectionContext {

    AuroraSettings settings();

    PluginRuntime runtime();

    ClusterService cluster();

    /** The current physical connection (never null after the connection opened). */
    Connection physical();

    /** Where the current physical connection goes. */
    HostSpec host();

    /** {@code host:port} of {@link #host()}, or {@code ?}. */
    String currentHost();

    /** Bumped each time the physical connection changes; an {@link Invocation} remembers the one it started on. */
    int generation();

    /** From the server's last status flags (Connector/J), else autocommit off. */
    boolean isInTransaction();

    /** The read-only state the application last asked for (null: never set). */
    Boolean readOnlyRequested();

    /** Serialises failovers and read/write switches of this connection; hold it while changing the physical connection. */
    Object swapLock();

    /** Opens a physical connection through the configuration's whole connect chain. */
    Connection connect(ConnectRequest req) throws SQLException;

    /**
     * Makes {@code c} the physical connection after the old one failed: replays the session
     * state the application set, invalidates every statement made on the old one, and
     * announces {@link ConnectionChange.Kind#REPLACED}. Closes {@code c} if that fails.
     */
    void replacePhysical(Connection c, HostSpec h) throws SQLException;

    /**
     * Moves onto another open physical connection without closing the current one (read/write
     * splitting): session state moves along (read-only excepted), statements made on the
     * current one become invalid, {@link ConnectionChange.Kind#SWITCHED} is announced.
     * {@code onReader}: the connection is on a reader on purpose from now on (failover then
     * treats it as a reader connection). Returns the connection it was on.
     */
    Connection switchTo(Connection c, HostSpec h, boolean onReader) throws SQLException;

    /** True while a plugin moved this connection to a reader on purpose ({@link #switchTo}). */
    boolean onReader();

    /** Drops the physical connection without waiting for the network (abort); announces {@link ConnectionChange.Kind#DROPPED}. */
    void abandonPhysical();

    /** Failover gave up: the connection is unusable from now on. */
    void markFailed();

    boolean isFailed();

    /** This connection's state under {@code key}, made by the key's initial supplier on first use. */
    <T> T state(StateKey<T> key);

    /** This connection's state under {@code key}, or null; never creates it. */
    <T> T peekState(StateKey<T> key);

    <T> void putState(StateKey<T> key, T value);

    /** Removes and returns the state under {@code key} (null if none). */
    <T> T removeState(StateKey<T> key);
}
