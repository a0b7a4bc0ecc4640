package dev.aurorajca.driver.plugin;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.time.Clock;
import dev.aurorajca.driver.time.Scheduler;
import dev.aurorajca.driver.topology.OpenConnectionCounts;
import java.sql.SQLException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * What the runtime (one per resource adapter, or the standalone driver's) offers plugins: time,
 * the scheduler whose threads it owns, the per-cluster services, and runtime-wide shared
 * objects. Implemented by {@code dev.aurorajca.driver.DriverRuntime}.
 */
public interface PluginRuntime extends OpenConnectionCounts {

    String name();

    Clock clock();

    /** Background work; tasks must not block for long except per-instance probes. */
    Scheduler scheduler();

    /** Executor for {@code Connection.abort}. */
    Executor abortExecutor();

    /** Raises the thread budget so each known instance can have one blocking probe at a time. */
    void ensureThreadsForInstances(int instances);

    /** The shared state of the cluster {@code settings} name, created on first use. */
    ClusterService cluster(AuroraSettings settings) throws SQLException;

    /** The plugin chain of one configuration, shared by every connection opened with it. */
    PluginPipeline pipeline(AuroraSettings settings);

    /** Opens physical connections at the end of every connect chain. */
    TargetConnector target();

    /** Makes the public failover exceptions. */
    FailoverOutcomes failoverOutcomes();

    /**
     * Adds {@code delta} to the runtime's count of open physical connections on {@code hostPort}
     * (least_connections reads it). A logical connection counts its current physical connection;
     * a plugin that keeps another one open (a parked reader) counts that one.
     */
    void countOpen(String hostPort, int delta);

    /**
     * The runtime-wide {@code type} object, made by {@code factory} on first use and closed
     * (before the scheduler stops) when the runtime closes: state a plugin shares across
     * configurations (a secrets cache, the host monitors).
     */
    <T extends AutoCloseable> T service(Class<T> type, Function<? super PluginRuntime, ? extends T> factory);

    boolean isClosed();
}
