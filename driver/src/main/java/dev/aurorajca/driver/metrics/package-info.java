/**
 * Operator-facing metrics: per-cluster counters that the driver core bumps on rare events
 * (failover, a host declared down) and one JMX MXBean per cluster,
 * {@code dev.aurorajca:type=Cluster,name="<clusterId>",runtime=<runtime>}, that reads those
 * counters and a live {@link dev.aurorajca.driver.metrics.ClusterState} when an operator asks.
 *
 * <p>This package depends on nothing else in the driver: the runtime and the failover and
 * monitoring code call into it, never the other way round. Nothing here runs per statement.
 */
package dev.aurorajca.driver.metrics;
