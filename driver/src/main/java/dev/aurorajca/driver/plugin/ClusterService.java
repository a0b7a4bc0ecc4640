package dev.aurorajca.driver.plugin;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.dialect.Dialect;
import dev.aurorajca.driver.time.Clock;
import dev.aurorajca.driver.time.Scheduler;
import dev.aurorajca.driver.topology.HostSpec;
import dev.aurorajca.driver.topology.Topology;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * What every connection of one cluster shares: its dialect, its topology (kept fresh by a
 * monitor), the writer epoch, background connections, and per-cluster state a plugin attaches
 * ({@link #attachment}). Implemented by the runtime's cluster context.
 */
public interface ClusterService {

    String id();

    /** The cluster's dialect; null until the first connection detected it. */
    Dialect dialect();

    /** The latest topology; null while unknown (or for a dialect without one). */
    Topology topology();

    /** Changes whenever the cluster's writer changes: connections re-check themselves only then. */
    int writerEpoch();

    /** Number of instances known (1 while unknown). */
    int knownInstanceCount();

    /** Detects the dialect and reads the topology from {@code c} until the cluster is known; starts the monitor. */
    void initialize(Connection c) throws SQLException;

    /** A read-only connection landed on {@code h} (logs once when that is the writer). */
    void noteReadOnlyTarget(HostSpec h);

    /**
     * {@code c}, opened to a host the topology calls a reader, reached a writable instance
     * ({@code instanceId}): the topology is stale. Reads it on {@code c}.
     */
    void readerWasWriter(Connection c, String instanceId);

    /** Failover confirmed {@code writer} by connecting to it: make it the writer now. */
    void writerConfirmed(HostSpec writer);

    /** While held (count > 0), the topology monitor refreshes at the high rate (a writer search is running). */
    void holdHighRefreshRate(boolean hold);

    /**
     * Opens a background probe connection to {@code h} with bounded connect and socket
     * timeouts, through the cluster's plugin chain with the credentials that opened the
     * cluster. Throws when {@code h} does not answer.
     */
    Connection openProbe(HostSpec h) throws SQLException;

    /** The settings background connections use (those of the first connection to the cluster). */
    AuroraSettings settings();

    Clock clock();

    Scheduler scheduler();

    /** Raises the runtime's thread budget so each of {@code instances} can have one probe running. */
    void ensureThreadsForInstances(int instances);

    boolean isClosed();

    /**
     * The cluster's {@code type} state, made by {@code factory} on first use; closed with the
     * cluster when it is {@link AutoCloseable}. For state a plugin shares between the connections
     * of one cluster (the writer search, the reader selector).
     */
    <T> T attachment(Class<T> type, Function<? super ClusterService, ? extends T> factory);
}
