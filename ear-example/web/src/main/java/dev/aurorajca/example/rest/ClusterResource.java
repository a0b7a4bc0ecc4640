package dev.aurorajca.example.rest;

import dev.aurorajca.example.cluster.ClusterView;
import dev.aurorajca.example.failover.RetryStats;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.Map;

/** {@code /cluster}: which instances serve the writer and reader factories now; {@code /stats}: retries so far. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

    @Inject
    ClusterView cluster;

    @Inject
    RetryStats stats;

    @GET
    @Path("cluster")
    public ClusterView.ClusterState cluster() throws SQLException {
        return cluster.describe();
    }

    public record Stats(Map<String, Long> retried, Map<String, Long> notRetried) {
    }

    @GET
    @Path("stats")
    public Stats stats() {
        return new Stats(stats.retried(), stats.notRetried());
    }
}
