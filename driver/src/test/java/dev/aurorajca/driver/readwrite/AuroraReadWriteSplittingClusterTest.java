package dev.aurorajca.driver.readwrite;

import dev.aurorajca.clustersim.SimClusterConfig;
import org.junit.jupiter.api.DisplayName;

/** Every read/write splitting test again on cluster-sim's Aurora mode (dialect detected as aurora-mysql). */
@SimClusterConfig(nodes = 3, aurora = true)
@DisplayName("read/write splitting and read-only connections, Aurora mode")
@org.junit.jupiter.api.Tag("cluster")
class AuroraReadWriteSplittingClusterTest extends ReadWriteSplittingClusterTest {
}
