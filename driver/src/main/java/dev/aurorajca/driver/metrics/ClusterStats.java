package dev.aurorajca.driver.metrics;

import java.util.Map;
import java.util.TreeMap;

/** The registered MXBean: the counters plus the live state, read at attribute-read time. */
final class ClusterStats implements ClusterMXBean {

    private final String clusterId;
    private final String runtime;
    private final ClusterMetrics metrics;
    private final ClusterState state;

    ClusterStats(String clusterId, String runtime, ClusterMetrics metrics, ClusterState state) {
        this.clusterId = clusterId;
        this.runtime = runtime;
        this.metrics = metrics;
        this.state = state;
    }

    @Override public String getClusterId() { return clusterId; }
    @Override public String getRuntime() { return runtime; }
    @Override public String getWriter() { return state.writer(); }
    @Override public String[] getReaders() { return state.readers().toArray(new String[0]); }
    @Override public long getFailoversSucceeded() { return metrics.failoversSucceeded(); }
    @Override public long getFailoversFailed() { return metrics.failoversFailed(); }
    @Override public long getConnectionFailoversSucceeded() { return metrics.connectionFailoversSucceeded(); }
    @Override public long getConnectionFailoversFailed() { return metrics.connectionFailoversFailed(); }
    @Override public long getLastFailoverMillis() { return metrics.lastFailoverMillis(); }
    @Override public long getHostsDeclaredDown() { return metrics.hostsDeclaredDown(); }
    @Override public long getTopologyAgeMillis() { return state.topologyAgeMillis(); }
    @Override public int getMonitorThreads() { return state.monitorThreads(); }
    @Override public int getRuntimeThreads() { return state.runtimeThreads(); }
    // sorted so that jconsole and REST views list instances in a stable order
    @Override public Map<String, Integer> getOpenConnections() { return new TreeMap<>(state.openConnections()); }
}
