package dev.aurorajca.clustersim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GTID position arithmetic used to pick and check replicas")
@org.junit.jupiter.api.Tag("unit")
class GtidPositionTest {

  @Test
  void sequenceSumsDomains() {
    assertEquals(0, SimCluster.seq(""));
    assertEquals(42, SimCluster.seq("0-1-42"));
    assertEquals(49, SimCluster.seq("0-1-42,1-3-7"));
  }

  @Test
  void divergence() {
    assertFalse(SimCluster.diverged("", "0-1-5"));
    assertFalse(SimCluster.diverged("0-1-5", "0-1-5"));
    assertFalse(SimCluster.diverged("0-1-4", "0-2-9"), "behind: not diverged, just not caught up");
    assertTrue(SimCluster.diverged("0-3-5", "0-1-5"), "same sequence from another server");
    assertTrue(SimCluster.diverged("0-1-6", "0-1-5"), "ahead of the writer");
    assertTrue(SimCluster.diverged("1-1-1", "0-1-5"), "a domain the writer never had");
  }
}
