package dev.aurorajca.driver.bg;

import java.util.Locale;

/** One usable row of {@code mysql.rds_topology}: an endpoint of one side and that side's phase. */
public record BgRow(String version, String endpoint, int port, BgRole role, BgPhase phase) {

    public BgRow {
        endpoint = endpoint.trim().toLowerCase(Locale.ROOT);
    }

    /** {@code name.cluster-id.region.rds.amazonaws.com}: a cluster (writer) endpoint. */
    public boolean isClusterEndpoint() {
        return endpoint.contains(".cluster-") && !endpoint.contains(".cluster-ro-") && !endpoint.contains(".cluster-custom-");
    }

    /** {@code name.cluster-ro-id…}: a cluster reader endpoint. */
    public boolean isReaderEndpoint() {
        return endpoint.contains(".cluster-ro-");
    }

    /** Neither a cluster nor a custom endpoint: an instance endpoint. */
    public boolean isInstance() {
        return !endpoint.contains(".cluster-");
    }

    /** The first DNS label: the instance id for an instance endpoint. */
    public String firstLabel() {
        int dot = endpoint.indexOf('.');
        return dot < 0 ? endpoint : endpoint.substring(0, dot);
    }
}
