package dev.aurorajca.driver.metrics;

import java.util.List;
import java.util.Map;

/**
 * What a cluster looks like right now, read only when an operator reads the MBean. The runtime
 * implements it over its cluster context; tests pass a fixed one.
 */
public interface ClusterState {

    /** The current writer as {@code host:port}, or null while none is known. */
    String writer();

    /** The current readers as {@code host:port}. */
    List<String> readers();

    /** Milliseconds since the topology was last read or changed; -1 while none is known. */
    long topologyAgeMillis();

    /** Monitors running for this cluster (topology monitor and host monitors); each uses at most one runtime thread at a time. */
    int monitorThreads();

    /** Live threads of the runtime's scheduler, shared by all clusters of the runtime. */
    int runtimeThreads();

    /** Open physical connections of the runtime per known instance ({@code host:port}). */
    Map<String, Integer> openConnections();
}
