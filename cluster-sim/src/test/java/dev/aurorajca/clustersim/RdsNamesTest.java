package dev.aurorajca.clustersim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RDS-shaped mode. The names only resolve through the hosts file, which a JVM reads when started
 * with {@code -Djdk.net.hosts.file}; this test JVM was not, so the lookups run in a child JVM —
 * which is also how a user's application would consume the file.
 */
@ExtendWith(SimClusterExtension.class)
@SimClusterConfig(nodes = 3, rdsNames = true)
@DisplayName("RDS-shaped names through a hosts file")
@org.junit.jupiter.api.Tag("cluster")
class RdsNamesTest {

  @Test
  @DisplayName("a JVM with the hosts file reaches every instance and both endpoints by name; the cluster endpoint follows the writer")
  void namesResolveAndEndpointFollowsWriter(SimCluster cluster) throws Exception {
    String suffix = ".czsimclusterx.us-east-1.rds.amazonaws.com";
    assertEquals("sim.cluster" + suffix.replace(".czsim", "-czsim"), cluster.clusterEndpoint().orElseThrow());
    assertEquals("sim.cluster-ro" + suffix.replace(".czsim", "-czsim"), cluster.readerEndpoint().orElseThrow());
    String hosts = Files.readString(cluster.hostsFile().orElseThrow());
    assertTrue(hosts.contains("127.0.0.1 localhost"), hosts);
    for (SimNode n : cluster.nodes()) {
      assertEquals("instance-" + n.id() + suffix, n.host());
      assertEquals("127.0.0." + (10 + n.id()), n.address());
      assertEquals(cluster.endpointPort(), n.port());
    }
    // topology and report_host carry the names
    try (Connection c = cluster.adminConnection(cluster.readers().get(0).id()); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT id, endpoint, port FROM mysql.rds_topology ORDER BY id")) {
        for (SimNode n : cluster.nodes()) {
          assertTrue(rs.next());
          assertEquals(n.id(), rs.getInt(1));
          assertEquals(n.host(), rs.getString(2));
          assertEquals(cluster.endpointPort(), rs.getInt(3));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT @@report_host")) {
        rs.next();
        assertTrue(rs.getString(1).startsWith("instance-"));
      }
    }

    Map<String, String> before = probe(cluster);
    for (SimNode n : cluster.nodes()) {
      assertEquals(n.id() + "," + (n.isWriter() ? 0 : 1), before.get(n.host()));
    }
    assertEquals(cluster.writer().id() + ",0", before.get(cluster.clusterEndpoint().get()));
    assertTrue(before.get(cluster.readerEndpoint().get()).endsWith(",1"), "reader endpoint reaches a reader");

    FailoverResult result = cluster.failover();
    Map<String, String> after = probe(cluster);
    assertEquals(result.newWriterId() + ",0", after.get(cluster.clusterEndpoint().get()),
        "cluster endpoint follows the writer");
    assertTrue(after.get(cluster.readerEndpoint().get()).endsWith(",1"));
  }

  private static Map<String, String> probe(SimCluster cluster) throws Exception {
    List<String> args = new ArrayList<>(List.of(cluster.database(), cluster.user(), cluster.password()));
    for (SimNode n : cluster.nodes()) {
      if (n.isRunning()) {
        args.add(n.host() + ":" + n.port());
      }
    }
    args.add(cluster.clusterEndpoint().get() + ":" + cluster.endpointPort());
    args.add(cluster.readerEndpoint().get() + ":" + cluster.endpointPort());
    ChildJvm.Result r = ChildJvm.run(List.of("-Djdk.net.hosts.file=" + cluster.hostsFile().get()),
        HostsFileProbe.class, args.toArray(String[]::new));
    assertEquals(0, r.exit(), r.output());
    Map<String, String> out = new HashMap<>();
    for (String line : r.output().split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0 && line.contains(".rds.amazonaws.com")) {
        out.put(line.substring(0, eq), line.substring(eq + 1).trim());
      }
    }
    return out;
  }
}
