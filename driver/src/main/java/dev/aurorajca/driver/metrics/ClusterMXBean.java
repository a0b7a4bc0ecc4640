package dev.aurorajca.driver.metrics;

import java.util.Map;

/**
 * The JMX view of one cluster in one driver runtime, registered as
 * {@code dev.aurorajca:type=Cluster,name="<clusterId>",runtime=<runtime>} (see
 * {@link RuntimeMetrics#objectName}). Every attribute is read-only and holds host names, ports and
 * counts only: never a user name, password, token or secret.
 *
 * <p>A <em>failover</em> is counted per cluster: connections of the cluster that fail over at the
 * same time (one writer crash, many busy connections) make one failover, from the first one's start
 * to the last one's end. The {@code ConnectionFailovers…} attributes count every connection.
 */
public interface ClusterMXBean {

    /** The cluster id ({@code clusterId} property, else the cluster endpoint's {@code host:port}). */
    String getClusterId();

    /** The runtime this cluster belongs to (the adapter deployment's or the standalone driver's). */
    String getRuntime();

    /** The current writer instance, {@code host:port}; null while unknown. */
    String getWriter();

    /** The current reader instances, {@code host:port}. */
    String[] getReaders();

    /** Failovers that ended with at least one connection on a healthy instance. */
    long getFailoversSucceeded();

    /** Failovers in which no connection reached a healthy instance (they got {@code 08001}). */
    long getFailoversFailed();

    /** Connection failovers that succeeded ({@code 08S02} / {@code 08007} to the application). */
    long getConnectionFailoversSucceeded();

    /** Connection failovers that failed ({@code 08001}). */
    long getConnectionFailoversFailed();

    /** Duration of the last completed failover in ms, first connection's start to last one's end; -1 if none yet. */
    long getLastFailoverMillis();

    /** Times host monitoring declared an instance of this cluster dead. */
    long getHostsDeclaredDown();

    /** Milliseconds since the topology was last read or changed; -1 while none is known. */
    long getTopologyAgeMillis();

    /** Monitors running for this cluster (topology monitor + one host monitor per watched instance). */
    int getMonitorThreads();

    /** Live threads of the runtime (all clusters of the runtime share them). */
    int getRuntimeThreads();

    /** Open physical connections of this runtime per instance ({@code host:port} → count). */
    Map<String, Integer> getOpenConnections();
}
