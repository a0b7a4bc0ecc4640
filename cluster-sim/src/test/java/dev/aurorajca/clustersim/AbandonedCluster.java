package dev.aurorajca.clustersim;

/** Child-JVM main: starts a 2-node cluster, prints its PIDs, then waits to be killed. */
public final class AbandonedCluster {

  private AbandonedCluster() {
  }

  public static void main(String[] args) throws Exception {
    SimCluster cluster = SimCluster.builder().nodes(2).start();
    for (SimNode n : cluster.nodes()) {
      System.out.println("pid " + n.pid());
    }
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE); // parked until the test kills this JVM with SIGKILL
  }
}
