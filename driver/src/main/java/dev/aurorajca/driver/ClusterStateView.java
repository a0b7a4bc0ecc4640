package dev.aurorajca.driver;

import dev.aurorajca.driver.cluster.ClusterContext;
import dev.aurorajca.driver.dialect.Dialect;
import dev.aurorajca.driver.metrics.ClusterState;
import dev.aurorajca.driver.topology.HostSpec;
import dev.aurorajca.driver.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A cluster's live state for its MBean, read from the runtime and the cluster context on demand. */
final class ClusterStateView implements ClusterState {

    private final DriverRuntime runtime;
    private final ClusterContext cluster;

    ClusterStateView(DriverRuntime runtime, ClusterContext cluster) {
        this.runtime = runtime;
        this.cluster = cluster;
    }

    @Override
    public String writer() {
        Topology t = cluster.topology();
        HostSpec w = t == null ? null : t.writer();
        return w == null ? null : w.hostPort();
    }

    @Override
    public List<String> readers() {
        Topology t = cluster.topology();
        List<String> out = new ArrayList<>();
        if (t != null) {
            t.readers().forEach(r -> out.add(r.hostPort()));
        }
        return out;
    }

    @Override
    public long topologyAgeMillis() {
        Topology t = cluster.topology();
        return t == null ? -1 : TimeUnit.NANOSECONDS.toMillis(Math.max(0, cluster.clock().nanoTime() - t.takenAtNanos()));
    }

    @Override
    public int monitorThreads() {
        Dialect d = cluster.dialect();
        // A cluster whose dialect has a topology runs one topology monitor from its first connection on.
        if (runtime.isClosed() || cluster.isClosed()) {
            return 0;
        }
        int topologyMonitor = d != null && d.hasTopology() ? 1 : 0;
        return topologyMonitor + runtime.hostMonitors().monitorCount(cluster.id());
    }

    @Override
    public int runtimeThreads() {
        return runtime.poolSize();
    }

    @Override
    public Map<String, Integer> openConnections() {
        Map<String, Integer> out = new LinkedHashMap<>();
        Topology t = cluster.topology();
        if (t != null) {
            for (HostSpec h : t.hosts()) {
                out.put(h.hostPort(), runtime.openConnectionCount(h.hostPort()));
            }
        } else {
            String endpoint = cluster.settings().host() + ":" + cluster.settings().port();
            out.put(endpoint, runtime.openConnectionCount(endpoint));
        }
        return out;
    }
}
