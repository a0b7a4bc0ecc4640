package dev.aurorajca.benchmarks.failover;

import dev.aurorajca.clustersim.SimCluster;
import java.sql.Connection;
import java.sql.SQLException;

/** A driver under test in the failover scenario: opens writer connections to the cluster endpoint. */
interface Peer extends AutoCloseable {

    String name();

    /** What the report says about how this peer is configured. */
    String configuration();

    Connection connect(SimCluster cluster) throws SQLException;

    @Override
    void close();
}
