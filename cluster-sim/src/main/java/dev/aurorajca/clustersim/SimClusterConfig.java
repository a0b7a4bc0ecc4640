package dev.aurorajca.clustersim;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Shapes the cluster that {@link SimClusterExtension} starts for an annotated test class. */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SimClusterConfig {
  /** Number of nodes: one writer, the rest readers. */
  int nodes() default 3;

  /** RDS-shaped host names (see {@link SimCluster.Builder#rdsNames(boolean)}). */
  boolean rdsNames() default false;

  /** Aurora MySQL's surface with RDS-shaped names (see {@link SimCluster.Builder#aurora(boolean)}). */
  boolean aurora() default false;

  /** Endpoint DNS lag after a promotion, ms; -1 = the default (5000 in Aurora mode, else 0). */
  long endpointLagMs() default -1;

  /**
   * Custom endpoint names for the hosts file, each {@code name:nodeId} (see
   * {@link SimCluster.Builder#customEndpoint(String, int)}).
   */
  String[] customEndpoints() default {};

  /**
   * A blue/green deployment (needs {@code aurora = true}): the {@link SimCluster} parameter is the
   * blue cluster; a {@link SimBlueGreen} parameter gives the deployment.
   */
  boolean blueGreen() default false;

  /** Semi-synchronous replication (see {@link SimCluster.Builder#semiSync(boolean)}). */
  boolean semiSync() default true;
}
