package dev.aurorajca.driver.failover;

import dev.aurorajca.clustersim.SimClusterConfig;
import dev.aurorajca.driver.config.DialectCode;
import org.junit.jupiter.api.DisplayName;

/**
 * Every failover test again on cluster-sim's Aurora mode ({@code information_schema.replica_host_status},
 * {@code @@aurora_server_id}, RDS-shaped instance names on one port), the dialect detected as
 * {@code aurora-mysql}. The base class runs them on the Multi-AZ shape.
 */
@SimClusterConfig(nodes = 3, aurora = true)
@DisplayName("failover against a real 3-node cluster, Aurora mode")
@org.junit.jupiter.api.Tag("cluster")
class AuroraFailoverClusterTest extends FailoverClusterTest {

    @Override
    DialectCode expectedDialect() {
        return DialectCode.AURORA_MYSQL;
    }
}
