package dev.aurorajca.itsupport.scenario;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.aurorajca.clustersim.FailoverResult;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.itsupport.client.AppServer;
import dev.aurorajca.itsupport.client.Definition;
import dev.aurorajca.itsupport.client.Http;
import dev.aurorajca.itsupport.client.LoadTable;
import dev.aurorajca.itsupport.client.ManagesAdapter;
import dev.aurorajca.itsupport.client.TestCluster;

/**
 * A failover the application does not see (design decision 14): writer and reader pools of
 * {@value #POOL} (the server's pool defaults otherwise), filled by holding {@value #POOL}
 * connections of each at once and releasing them; the writer crashes and, 2 s later, a replica
 * is promoted while every pooled connection is idle; then {@value #REQUESTS} requests per factory, one after
 * the other (writer: autocommit INSERT, reader: {@code SELECT @@server_id}), must all succeed.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@ManagesAdapter
class IdleFailoverIT {

    private static final int POOL = 10;
    private static final int REQUESTS = 30;
    private static final String TABLE = "idle_failover";
    private static final Duration PROMOTION_DELAY = Duration.ofSeconds(2);

    private final AppServer server = AppServer.get();

    @Deployment(testable = false)
    static WebArchive war() {
        return AppServer.get().probeWar("idle-failover-it.war");
    }

    @ArquillianResource
    URL war;

    @Test
    void idlePooledConnectionsReachTheApplicationAlreadyMoved() throws Exception {
        SimCluster cluster = TestCluster.healthy();
        LoadTable.recreate(cluster, TABLE);
        try {
            server.deployAdapter(Definition.pair(cluster, POOL));
            String filledWriter = Http.get(war, "probe/hold?jndi=" + server.writerJndi() + "&count=" + POOL).trim();
            String filledReader = Http.get(war, "probe/hold?jndi=" + server.readerJndi() + "&count=" + POOL).trim();
            assertEquals("OK " + POOL, filledWriter, "filling the writer pool with " + POOL + " connections");
            assertEquals("OK " + POOL, filledReader, "filling the reader pool with " + POOL + " connections");

            // Every pooled connection is idle now. As on Aurora, the replica is promoted a while
            // after the writer died (not at once): the first request then comes well after each
            // connection's last use, so it is a pool that was idle through the failover, not one
            // used a moment before (the driver takes a connection used in the last 500 ms as alive
            // without a round trip).
            FailoverResult failover = cluster.failover(PROMOTION_DELAY);

            List<String> writes = Http.get(war, "probe/requests?jndi=" + server.writerJndi() + "&count=" + REQUESTS
                    + "&op=write&table=" + TABLE + "&base=1").lines().filter(l -> !l.isBlank()).toList();
            List<String> reads = Http.get(war, "probe/requests?jndi=" + server.readerJndi() + "&count=" + REQUESTS
                    + "&op=read").lines().filter(l -> !l.isBlank()).toList();
            String report = "idle failover on " + server.name() + ": pools of " + POOL + ", writer " + failover.oldWriterId()
                    + " -> " + failover.newWriterId() + "\nwriter factory, " + REQUESTS + " requests: " + writes
                    + "\nreader factory, " + REQUESTS + " requests: " + reads + "\n";
            System.out.print(report);
            Files.createDirectories(server.measurements());
            Files.writeString(server.measurements().resolve("idle-failover.txt"), report);
            assertAll(
                    () -> assertEquals(List.of("DONE " + REQUESTS + " 0"), writes,
                            "requests through the writer factory after an idle failover"),
                    () -> assertEquals(List.of("DONE " + REQUESTS + " 0"), reads,
                            "requests through the reader factory after an idle failover"));
        } finally {
            server.undeployAdapter();
        }
    }
}
