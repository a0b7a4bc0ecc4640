package dev.aurorajca.driver.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("iam: region from the RDS host name")
@org.junit.jupiter.api.Tag("unit")
class IamRegionParsingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @DisplayName("every RDS endpoint shape yields its region")
    @CsvSource({
        // Aurora cluster writer, reader and custom endpoints
        "mycluster.cluster-c9akciq32.us-east-1.rds.amazonaws.com, us-east-1",
        "mycluster.cluster-ro-c9akciq32.eu-west-3.rds.amazonaws.com, eu-west-3",
        "analytics.cluster-custom-c9akciq32.ap-southeast-2.rds.amazonaws.com, ap-southeast-2",
        // instance endpoints (Aurora and RDS Multi-AZ DB cluster instances)
        "instance-1.c9akciq32.us-west-2.rds.amazonaws.com, us-west-2",
        "mydb-instance-3.c9akciq32.ap-southeast-5.rds.amazonaws.com, ap-southeast-5",
        // RDS Proxy default and custom endpoints
        "myproxy.proxy-c9akciq32.us-east-2.rds.amazonaws.com, us-east-2",
        "reader-ep.endpoint.proxy-c9akciq32.us-east-2.rds.amazonaws.com, us-east-2",
        // Aurora Limitless shard group
        "mylimitless.shardgrp-c9akciq32.il-central-1.rds.amazonaws.com, il-central-1",
        // China: current and older forms
        "mycluster.cluster-c9akciq32.rds.cn-northwest-1.amazonaws.com.cn, cn-northwest-1",
        "mycluster.cluster-ro-c9akciq32.rds.cn-north-1.amazonaws.com.cn, cn-north-1",
        "mycluster.cluster-c9akciq32.cn-north-1.rds.amazonaws.com.cn, cn-north-1",
        "instance-1.c9akciq32.cn-northwest-1.rds.amazonaws.com.cn, cn-northwest-1",
        // GovCloud: both forms
        "mycluster.cluster-c9akciq32.us-gov-west-1.rds.amazonaws.com, us-gov-west-1",
        "mycluster.cluster-c9akciq32.rds.us-gov-east-1.amazonaws.com, us-gov-east-1",
        // isolated partitions
        "mycluster.cluster-c9akciq32.rds.us-iso-east-1.c2s.ic.gov, us-iso-east-1",
        "mycluster.cluster-c9akciq32.rds.us-isob-east-1.sc2s.sgov.gov, us-isob-east-1",
        // upper case and the fully qualified trailing dot
        "MyCluster.Cluster-C9AKCIQ32.US-EAST-1.RDS.AMAZONAWS.COM, us-east-1",
        "mycluster.cluster-c9akciq32.us-east-1.rds.amazonaws.com., us-east-1",
    })
    void regionFromHost(String host, String region) {
        assertEquals(Optional.of(region), RdsRegions.fromHost(host));
    }

    @ParameterizedTest(name = "[{index}] '{0}'")
    @DisplayName("IPs, CNAMEs and look-alikes have no region")
    @ValueSource(strings = {
        "127.0.0.1", "10.1.2.3", "::1", "localhost", "db.example.com", "mycluster.prod.internal",
        "rds.amazonaws.com", "us-east-1.rds.amazonaws.com", "cluster.notaregion.rds.amazonaws.com",
        "mycluster.cluster-c9akciq32.us-east-1.rds.amazonaws.com.evil.example", "",
    })
    void noRegion(String host) {
        assertEquals(Optional.empty(), RdsRegions.fromHost(host));
    }
}
